using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Strata.Core.Distributions;
using Strata.Core.Hierarchy;

namespace Strata.Core.Data;

internal sealed class DistributionConfiguration : IEntityTypeConfiguration<Distribution>
{
    public void Configure(EntityTypeBuilder<Distribution> builder)
    {
        builder.ToTable("distributions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.SourceInstance).HasMaxLength(Names.MaxNameLength);
        builder.Property(d => d.SourceState).HasMaxLength(64);
        builder.Property(d => d.SourceRoot).HasMaxLength(64);
        builder.Property(d => d.Strategy).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.CreatedBy).HasMaxLength(254);
        builder.Property(d => d.Message).HasMaxLength(Names.MaxDescriptionLength * 4);
        builder.Property(d => d.LeaseOwner).HasMaxLength(100);
        builder.Ignore(d => d.PathList);
        builder.HasOne<Space>().WithMany().HasForeignKey(d => d.SpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.SpaceId, d.CreatedAt });
        builder.HasIndex(d => new { d.Status, d.CreatedAt });
        builder.HasIndex(d => d.AssignmentId);
    }
}

internal sealed class DistributionTargetConfiguration : IEntityTypeConfiguration<DistributionTarget>
{
    public void Configure(EntityTypeBuilder<DistributionTarget> builder)
    {
        builder.ToTable("distribution_targets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.InstanceSlug).HasMaxLength(Names.MaxNameLength);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Error).HasMaxLength(2000);
        builder.Property(t => t.RootBefore).HasMaxLength(64);
        builder.Property(t => t.RootAfter).HasMaxLength(64);
        builder.Property(t => t.BaseBefore).HasMaxLength(64);
        builder.Property(t => t.SourceRoot).HasMaxLength(64);
        builder.HasOne<Distribution>().WithMany().HasForeignKey(t => t.DistributionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.DistributionId, t.Position }).IsUnique();
        builder.HasIndex(t => new { t.InstanceId, t.Status });
    }
}
