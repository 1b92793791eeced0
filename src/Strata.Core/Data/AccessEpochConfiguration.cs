using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Strata.Core.Access;

namespace Strata.Core.Data;

/// <summary>The one epoch row; the triggers that move it are in each provider's <c>AccessEpoch</c> migration.</summary>
internal sealed class AccessEpochConfiguration : IEntityTypeConfiguration<AccessEpochRow>
{
    public void Configure(EntityTypeBuilder<AccessEpochRow> builder)
    {
        builder.ToTable("access_epoch");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasData(new AccessEpochRow { Id = AccessEpochRow.TheOne, Value = 0 });
    }
}
