using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Strata.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SnapshotSlots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Slot",
                table: "snapshots",
                type: "INTEGER",
                nullable: true);

            // Snapshots taken before slots existed take places 1, 2, 3… per instance and person, oldest first.
            migrationBuilder.Sql("""
                UPDATE snapshots SET Slot = (
                    SELECT COUNT(*) FROM snapshots AS earlier
                    WHERE earlier.InstanceId = snapshots.InstanceId AND earlier.CreatedById = snapshots.CreatedById
                      AND earlier.Type <> 'Auto'
                      AND (earlier.CreatedAt < snapshots.CreatedAt OR (earlier.CreatedAt = snapshots.CreatedAt AND earlier.Id <= snapshots.Id)))
                WHERE Type <> 'Auto' AND CreatedById IS NOT NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_snapshots_InstanceId_CreatedById_Slot",
                table: "snapshots",
                columns: new[] { "InstanceId", "CreatedById", "Slot" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_snapshots_InstanceId_CreatedById_Slot",
                table: "snapshots");

            migrationBuilder.DropColumn(
                name: "Slot",
                table: "snapshots");
        }
    }
}
