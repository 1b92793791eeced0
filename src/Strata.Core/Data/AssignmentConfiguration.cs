using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Strata.Core.Assignments;
using Strata.Core.Hierarchy;
using Strata.Core.Snapshots;

namespace Strata.Core.Data;

internal sealed class AssignmentConfiguration : IEntityTypeConfiguration<Assignment>
{
    public void Configure(EntityTypeBuilder<Assignment> builder)
    {
        builder.ToTable("assignments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Name).HasMaxLength(Assignment.MaxNameLength);
        builder.Property(a => a.NameKey).HasMaxLength(Assignment.MaxNameLength);
        builder.Property(a => a.Description).HasMaxLength(Assignment.MaxDescriptionLength);
        builder.Property(a => a.SourceInstance).HasMaxLength(Names.MaxNameLength);
        builder.Property(a => a.SourceState).HasMaxLength(64);
        builder.Property(a => a.SourceRoot).HasMaxLength(64);
        builder.Property(a => a.HandoutRoot).HasMaxLength(64);
        builder.Property(a => a.Late).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.CreatedBy).HasMaxLength(254);
        builder.Ignore(a => a.PathList);
        builder.HasOne<Space>().WithMany().HasForeignKey(a => a.SpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.SpaceId, a.NameKey }).IsUnique();
    }
}

internal sealed class AssignmentTargetConfiguration : IEntityTypeConfiguration<AssignmentTarget>
{
    public void Configure(EntityTypeBuilder<AssignmentTarget> builder)
    {
        builder.ToTable("assignment_targets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Grade).HasMaxLength(AssignmentRules.MaxGradeLength);
        builder.Property(t => t.Comment).HasMaxLength(Assignment.MaxDescriptionLength);
        builder.Property(t => t.GradedBy).HasMaxLength(254);
        builder.HasOne<Assignment>().WithMany().HasForeignKey(t => t.AssignmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Instance>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.AssignmentId, t.InstanceId }).IsUnique();
        builder.HasIndex(t => t.InstanceId);
    }
}

internal sealed class HandInConfiguration : IEntityTypeConfiguration<HandIn>
{
    public void Configure(EntityTypeBuilder<HandIn> builder)
    {
        builder.ToTable("handins");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.By).HasMaxLength(254);
        builder.HasOne<Assignment>().WithMany().HasForeignKey(h => h.AssignmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Instance>().WithMany().HasForeignKey(h => h.InstanceId).OnDelete(DeleteBehavior.Cascade);
        // A hand-in is its snapshot: deleting the snapshot (space administrators only) deletes the hand-in.
        builder.HasOne<Snapshot>().WithMany().HasForeignKey(h => h.SnapshotId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(h => new { h.AssignmentId, h.InstanceId, h.At });
        builder.HasIndex(h => h.InstanceId);
        builder.HasIndex(h => h.SnapshotId);
    }
}
