using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Strata.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Quotas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "InstanceQuotaBytes",
                table: "spaces",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "OverQuota",
                table: "distribution_targets",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "InstanceQuotaBytes",
                table: "spaces");

            migrationBuilder.DropColumn(
                name: "OverQuota",
                table: "distribution_targets");
        }
    }
}
