using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Strata.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AccessEpoch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "access_epoch",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_epoch", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "access_epoch",
                columns: new[] { "Id", "Value" },
                values: new object[] { 1, 0L });

            // Every change to what decides access moves the epoch in the change's own transaction, whoever makes it
            // (AccessCache: a node trusts what it remembers only while the epoch it read it at stays).
            migrationBuilder.Sql("""
                CREATE TRIGGER access_epoch_users_update AFTER UPDATE ON users BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_users_delete AFTER DELETE ON users BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_access_tokens_update AFTER UPDATE OF "UserId", "SecretHash" ON access_tokens BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_access_tokens_delete AFTER DELETE ON access_tokens BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_sessions_update AFTER UPDATE OF "EndedAt", "UserId" ON sessions BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_sessions_delete AFTER DELETE ON sessions BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_organisations_update AFTER UPDATE ON organisations BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_organisations_delete AFTER DELETE ON organisations BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_org_members_insert AFTER INSERT ON org_members BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_org_members_update AFTER UPDATE ON org_members BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_org_members_delete AFTER DELETE ON org_members BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_spaces_update AFTER UPDATE ON spaces BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_spaces_delete AFTER DELETE ON spaces BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_space_admins_insert AFTER INSERT ON space_admins BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_space_admins_update AFTER UPDATE ON space_admins BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_space_admins_delete AFTER DELETE ON space_admins BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_instances_update AFTER UPDATE OF "SpaceId" ON instances BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_instances_delete AFTER DELETE ON instances BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_instance_members_insert AFTER INSERT ON instance_members BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_instance_members_update AFTER UPDATE ON instance_members BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER access_epoch_instance_members_delete AFTER DELETE ON instance_members BEGIN UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER access_epoch_users_update;
                DROP TRIGGER access_epoch_users_delete;
                DROP TRIGGER access_epoch_access_tokens_update;
                DROP TRIGGER access_epoch_access_tokens_delete;
                DROP TRIGGER access_epoch_sessions_update;
                DROP TRIGGER access_epoch_sessions_delete;
                DROP TRIGGER access_epoch_organisations_update;
                DROP TRIGGER access_epoch_organisations_delete;
                DROP TRIGGER access_epoch_org_members_insert;
                DROP TRIGGER access_epoch_org_members_update;
                DROP TRIGGER access_epoch_org_members_delete;
                DROP TRIGGER access_epoch_spaces_update;
                DROP TRIGGER access_epoch_spaces_delete;
                DROP TRIGGER access_epoch_space_admins_insert;
                DROP TRIGGER access_epoch_space_admins_update;
                DROP TRIGGER access_epoch_space_admins_delete;
                DROP TRIGGER access_epoch_instances_update;
                DROP TRIGGER access_epoch_instances_delete;
                DROP TRIGGER access_epoch_instance_members_insert;
                DROP TRIGGER access_epoch_instance_members_update;
                DROP TRIGGER access_epoch_instance_members_delete;
                """);

            migrationBuilder.DropTable(
                name: "access_epoch");
        }
    }
}
