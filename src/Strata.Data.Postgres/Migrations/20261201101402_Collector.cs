using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Strata.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Collector : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "collector_state",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Owner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LeasedUntil = table.Column<long>(type: "bigint", nullable: true),
                    NextRunAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_collector_state", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dropped_roots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Root = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DroppedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dropped_roots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "write_intents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_write_intents", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "collector_state",
                columns: new[] { "Id", "LeasedUntil", "NextRunAt", "Owner" },
                values: new object[] { 1, null, null, null });

            migrationBuilder.CreateIndex(
                name: "IX_dropped_roots_DroppedAt",
                table: "dropped_roots",
                column: "DroppedAt");

            migrationBuilder.CreateIndex(
                name: "IX_write_intents_CreatedAt",
                table: "write_intents",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "collector_state");

            migrationBuilder.DropTable(
                name: "dropped_roots");

            migrationBuilder.DropTable(
                name: "write_intents");
        }
    }
}
