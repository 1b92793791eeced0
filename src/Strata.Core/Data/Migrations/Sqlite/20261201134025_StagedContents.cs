using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Strata.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StagedContents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "staged_contents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staged_contents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_staged_contents_CreatedAt",
                table: "staged_contents",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_staged_contents_InstanceId_UserId_Hash",
                table: "staged_contents",
                columns: new[] { "InstanceId", "UserId", "Hash" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "staged_contents");
        }
    }
}
