using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Strata.Core.Accounts;

namespace Strata.Core.Data;

internal sealed class SharedKeyConfiguration : IEntityTypeConfiguration<SharedKey>
{
    public void Configure(EntityTypeBuilder<SharedKey> builder)
    {
        builder.ToTable("shared_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.FriendlyName).HasMaxLength(200);
    }
}

internal sealed class SetupLinkConfiguration : IEntityTypeConfiguration<SetupLink>
{
    public void Configure(EntityTypeBuilder<SetupLink> builder)
    {
        builder.ToTable("setup_links");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.SecretHash).HasMaxLength(128);
        builder.HasIndex(l => l.SecretHash).IsUnique();
    }
}
