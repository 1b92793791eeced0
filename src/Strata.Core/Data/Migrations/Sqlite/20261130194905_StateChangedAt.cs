using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Strata.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StateChangedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ChangedAt",
                table: "state_refs",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ChangedAt",
                table: "state_refs");
        }
    }
}
