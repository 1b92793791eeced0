using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Strata.Core.States;

namespace Strata.Core.Data;

internal sealed class StateRefConfiguration : IEntityTypeConfiguration<StateRefRow>
{
    public void Configure(EntityTypeBuilder<StateRefRow> builder)
    {
        builder.ToTable("state_refs");
        builder.HasKey(r => r.Key);
        builder.Property(r => r.Key).HasMaxLength(100);
        builder.Property(r => r.Root).HasMaxLength(64);
        builder.HasOne<Hierarchy.Instance>().WithMany().HasForeignKey(r => r.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
