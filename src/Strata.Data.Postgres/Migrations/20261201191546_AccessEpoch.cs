using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Strata.Data.Postgres.Migrations
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
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false)
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
                CREATE FUNCTION strata_bump_access_epoch() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    -- Deferred to the commit, once per transaction: the epoch row is the last lock a transaction takes, so no two
                    -- transactions can wait on each other through it.
                    IF current_setting('strata.access_epoch_moved', true) IS DISTINCT FROM 'yes' THEN
                        PERFORM set_config('strata.access_epoch_moved', 'yes', true);
                        UPDATE access_epoch SET "Value" = "Value" + 1 WHERE "Id" = 1;
                    END IF;
                    RETURN NULL;
                END
                $fn$;
                CREATE CONSTRAINT TRIGGER access_epoch AFTER UPDATE OR DELETE ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION strata_bump_access_epoch();
                CREATE CONSTRAINT TRIGGER access_epoch AFTER UPDATE OF "UserId", "SecretHash" OR DELETE ON access_tokens DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION strata_bump_access_epoch();
                CREATE CONSTRAINT TRIGGER access_epoch AFTER UPDATE OF "EndedAt", "UserId" OR DELETE ON sessions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION strata_bump_access_epoch();
                CREATE CONSTRAINT TRIGGER access_epoch AFTER UPDATE OR DELETE ON organisations DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION strata_bump_access_epoch();
                CREATE CONSTRAINT TRIGGER access_epoch AFTER INSERT OR UPDATE OR DELETE ON org_members DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION strata_bump_access_epoch();
                CREATE CONSTRAINT TRIGGER access_epoch AFTER UPDATE OR DELETE ON spaces DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION strata_bump_access_epoch();
                CREATE CONSTRAINT TRIGGER access_epoch AFTER INSERT OR UPDATE OR DELETE ON space_admins DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION strata_bump_access_epoch();
                CREATE CONSTRAINT TRIGGER access_epoch AFTER UPDATE OF "SpaceId" OR DELETE ON instances DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION strata_bump_access_epoch();
                CREATE CONSTRAINT TRIGGER access_epoch AFTER INSERT OR UPDATE OR DELETE ON instance_members DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION strata_bump_access_epoch();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER access_epoch ON users;
                DROP TRIGGER access_epoch ON access_tokens;
                DROP TRIGGER access_epoch ON sessions;
                DROP TRIGGER access_epoch ON organisations;
                DROP TRIGGER access_epoch ON org_members;
                DROP TRIGGER access_epoch ON spaces;
                DROP TRIGGER access_epoch ON space_admins;
                DROP TRIGGER access_epoch ON instances;
                DROP TRIGGER access_epoch ON instance_members;
                DROP FUNCTION strata_bump_access_epoch();
                """);

            migrationBuilder.DropTable(
                name: "access_epoch");
        }
    }
}
