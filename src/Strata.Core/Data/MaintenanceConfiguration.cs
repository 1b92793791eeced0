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
