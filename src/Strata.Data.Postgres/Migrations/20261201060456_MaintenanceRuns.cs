using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Strata.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class MaintenanceRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "maintenance_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DryRun = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    CreatedById = table.Column<Guid>(type: "uuid", nullable: true),
                    StartedAt = table.Column<long>(type: "bigint", nullable: true),
                    FinishedAt = table.Column<long>(type: "bigint", nullable: true),
                    ObjectsDone = table.Column<long>(type: "bigint", nullable: false),
                    BlobsDeleted = table.Column<long>(type: "bigint", nullable: false),
                    TreesDeleted = table.Column<long>(type: "bigint", nullable: false),
                    BytesReclaimed = table.Column<long>(type: "bigint", nullable: false),
                    Report = table.Column<string>(type: "text", nullable: true),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LeasedUntil = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_maintenance_runs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_maintenance_runs_Kind_CreatedAt",
                table: "maintenance_runs",
                columns: new[] { "Kind", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_maintenance_runs_Status_CreatedAt",
                table: "maintenance_runs",
                columns: new[] { "Status", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "maintenance_runs");
        }
    }
}
