using Microsoft.EntityFrameworkCore;
using Strata.Core.Accounts;
using Strata.Core.Audit;
using Strata.Core.Distributions;
using Strata.Core.Hierarchy;
using Strata.Core.Invitations;
using Strata.Core.Mail;
using Strata.Core.Snapshots;
using Strata.Core.States;

namespace Strata.Core.Data;

/// <summary>The metadata database. Used directly by domain services; no repository wrappers.</summary>
public sealed class StrataDb(DbContextOptions<StrataDb> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();

    public DbSet<Access.AccessEpochRow> AccessEpoch => Set<Access.AccessEpochRow>();

    public DbSet<PasswordReset> PasswordResets => Set<PasswordReset>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<SetupLink> SetupLinks => Set<SetupLink>();

    public DbSet<SharedKey> SharedKeys => Set<SharedKey>();

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<OrgMember> OrgMembers => Set<OrgMember>();

    public DbSet<Space> Spaces => Set<Space>();

    public DbSet<SpaceAdmin> SpaceAdmins => Set<SpaceAdmin>();

    public DbSet<Instance> Instances => Set<Instance>();

    public DbSet<InstanceMember> InstanceMembers => Set<InstanceMember>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<InvitationGrant> InvitationGrants => Set<InvitationGrant>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<StateRefRow> StateRefs => Set<StateRefRow>();

    public DbSet<Snapshot> Snapshots => Set<Snapshot>();

    public DbSet<Distribution> Distributions => Set<Distribution>();

    public DbSet<DistributionTarget> DistributionTargets => Set<DistributionTarget>();

    public DbSet<Maintenance.MaintenanceRun> MaintenanceRuns => Set<Maintenance.MaintenanceRun>();

    public DbSet<Maintenance.WriteIntentRow> WriteIntents => Set<Maintenance.WriteIntentRow>();

    public DbSet<Maintenance.DroppedRoot> DroppedRoots => Set<Maintenance.DroppedRoot>();

    public DbSet<Maintenance.CollectorState> CollectorState => Set<Maintenance.CollectorState>();

    public DbSet<Usage.UsageFigure> UsageFigures => Set<Usage.UsageFigure>();

    public DbSet<Sync.StagedContent> StagedContents => Set<Sync.StagedContent>();

    public DbSet<Assignments.Assignment> Assignments => Set<Assignments.Assignment>();

    public DbSet<Assignments.AssignmentTarget> AssignmentTargets => Set<Assignments.AssignmentTarget>();

    public DbSet<Assignments.HandIn> HandIns => Set<Assignments.HandIn>();

    /// <summary>
    /// Holds the connection open for the rest of this context's life. EF otherwise opens and closes a
    /// pooled connection around every query, which costs as much as a small query; a request makes a
    /// dozen. Called where a request first touches the database.
    /// </summary>
    public async Task KeepConnectionOpenAsync(CancellationToken ct)
    {
        if (Database.GetDbConnection().State != System.Data.ConnectionState.Open)
            await Database.OpenConnectionAsync(ct);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(StrataDb).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset; a UTC ticks column works on every provider.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }
}
