using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Strata.Core.Maintenance;

namespace Strata.Core.Data;

internal sealed class MaintenanceConfiguration : IEntityTypeConfiguration<MaintenanceRun>
{
    public void Configure(EntityTypeBuilder<MaintenanceRun> builder)
    {
        builder.ToTable("maintenance_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Property(r => r.LeaseOwner).HasMaxLength(100);
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
        builder.HasIndex(r => new { r.Kind, r.CreatedAt });
    }
}

internal sealed class WriteIntentConfiguration : IEntityTypeConfiguration<WriteIntentRow>
{
    public void Configure(EntityTypeBuilder<WriteIntentRow> builder)
    {
        builder.ToTable("write_intents");
        builder.HasKey(i => i.Id);
        builder.HasIndex(i => i.CreatedAt);
    }
}

internal sealed class DroppedRootConfiguration : IEntityTypeConfiguration<DroppedRoot>
{
    public void Configure(EntityTypeBuilder<DroppedRoot> builder)
    {
        builder.ToTable("dropped_roots");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Root).HasMaxLength(64);
        builder.HasIndex(d => d.DroppedAt);
    }
}

internal sealed class CollectorStateConfiguration : IEntityTypeConfiguration<CollectorState>
{
    public void Configure(EntityTypeBuilder<CollectorState> builder)
    {
        builder.ToTable("collector_state");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Owner).HasMaxLength(100);
        builder.HasData(new CollectorState { Id = CollectorState.TheOne });
    }
}

internal sealed class UsageFigureConfiguration : IEntityTypeConfiguration<Usage.UsageFigure>
{
    public void Configure(EntityTypeBuilder<Usage.UsageFigure> builder)
    {
        builder.ToTable("usage_figures");
        builder.HasKey(f => f.ScopeId);
        builder.Property(f => f.Scope).HasConversion<string>().HasMaxLength(10);
        builder.Property(f => f.Roots).HasMaxLength(32);
        builder.HasIndex(f => f.SpaceId);
        builder.HasIndex(f => f.InstanceId);
    }
}

internal sealed class StagedContentConfiguration : IEntityTypeConfiguration<Sync.StagedContent>
{
    public void Configure(EntityTypeBuilder<Sync.StagedContent> builder)
    {
        builder.ToTable("staged_contents");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Hash).HasMaxLength(64);
        builder.HasIndex(s => new { s.InstanceId, s.UserId, s.Hash });
        builder.HasIndex(s => s.CreatedAt);
    }
}
