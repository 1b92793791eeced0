using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Strata.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Assignments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AssignmentId",
                table: "distributions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "HandBack",
                table: "distributions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "SourceRoot",
                table: "distribution_targets",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "assignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrgId = table.Column<Guid>(type: "uuid", nullable: false),
                    SpaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    NameKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    SourceInstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceInstance = table.Column<string>(type: "character varying(1023)", maxLength: 1023, nullable: false),
                    SourceState = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SourceRoot = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    HandoutRoot = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Paths = table.Column<string>(type: "text", nullable: false),
                    DueAt = table.Column<long>(type: "bigint", nullable: false),
                    Late = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    CreatedById = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    HandoutId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assignments_spaces_SpaceId",
                        column: x => x.SpaceId,
                        principalTable: "spaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assignment_targets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AssignmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    DueAt = table.Column<long>(type: "bigint", nullable: true),
                    CollectedFor = table.Column<long>(type: "bigint", nullable: true),
                    Grade = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    GradedAt = table.Column<long>(type: "bigint", nullable: true),
                    GradedBy = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    ReturnedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assignment_targets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assignment_targets_assignments_AssignmentId",
                        column: x => x.AssignmentId,
                        principalTable: "assignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_assignment_targets_instances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "instances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "handins",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AssignmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Late = table.Column<bool>(type: "boolean", nullable: false),
                    SnapshotId = table.Column<Guid>(type: "uuid", nullable: false),
                    Paths = table.Column<string>(type: "text", nullable: false),
                    Added = table.Column<int>(type: "integer", nullable: false),
                    Modified = table.Column<int>(type: "integer", nullable: false),
                    Deleted = table.Column<int>(type: "integer", nullable: false),
                    By = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_handins", x => x.Id);
                    table.ForeignKey(
                        name: "FK_handins_assignments_AssignmentId",
                        column: x => x.AssignmentId,
                        principalTable: "assignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_handins_instances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "instances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_handins_snapshots_SnapshotId",
                        column: x => x.SnapshotId,
                        principalTable: "snapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_distributions_AssignmentId",
                table: "distributions",
                column: "AssignmentId");

            migrationBuilder.CreateIndex(
                name: "IX_assignment_targets_AssignmentId_InstanceId",
                table: "assignment_targets",
                columns: new[] { "AssignmentId", "InstanceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assignment_targets_InstanceId",
                table: "assignment_targets",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_assignments_SpaceId_NameKey",
                table: "assignments",
                columns: new[] { "SpaceId", "NameKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_handins_AssignmentId_InstanceId_At",
                table: "handins",
                columns: new[] { "AssignmentId", "InstanceId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_handins_InstanceId",
                table: "handins",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_handins_SnapshotId",
                table: "handins",
                column: "SnapshotId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assignment_targets");

            migrationBuilder.DropTable(
                name: "handins");

            migrationBuilder.DropTable(
                name: "assignments");

            migrationBuilder.DropIndex(
                name: "IX_distributions_AssignmentId",
                table: "distributions");

            migrationBuilder.DropColumn(
                name: "AssignmentId",
                table: "distributions");

            migrationBuilder.DropColumn(
                name: "HandBack",
                table: "distributions");

            migrationBuilder.DropColumn(
                name: "SourceRoot",
                table: "distribution_targets");
        }
    }
}
