using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Strata.Core.Hierarchy;
using Strata.Core.Snapshots;

namespace Strata.Core.Data;

internal sealed class SnapshotConfiguration : IEntityTypeConfiguration<Snapshot>
{
    public void Configure(EntityTypeBuilder<Snapshot> builder)
    {
        builder.ToTable("snapshots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(Names.MaxNameLength);
        builder.Property(s => s.Description).HasMaxLength(Names.MaxDescriptionLength);
        builder.Property(s => s.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.CreatedBy).HasMaxLength(254);
        builder.Property(s => s.Root).HasMaxLength(64);
        builder.HasOne<Instance>().WithMany().HasForeignKey(s => s.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.InstanceId, s.CreatedAt });
        builder.HasIndex(s => new { s.InstanceId, s.CreatedById, s.Slot }).IsUnique();
    }
}
