using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Strata.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class UsageFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "usage_figures",
                columns: table => new
                {
                    ScopeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Scope = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    SpaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReferencedBytes = table.Column<long>(type: "bigint", nullable: false),
                    HeldAloneBytes = table.Column<long>(type: "bigint", nullable: false),
                    Roots = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    CountedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_figures", x => x.ScopeId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_usage_figures_InstanceId",
                table: "usage_figures",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_usage_figures_SpaceId",
                table: "usage_figures",
                column: "SpaceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "usage_figures");
        }
    }
}
