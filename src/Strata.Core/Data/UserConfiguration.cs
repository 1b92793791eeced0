using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Strata.Core.Accounts;

namespace Strata.Core.Data;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Email).HasMaxLength(254);
        builder.Property(u => u.EmailNormalized).HasMaxLength(254);
        builder.HasIndex(u => u.EmailNormalized).IsUnique();
        builder.Property(u => u.Name).HasMaxLength(1023);
        builder.Property(u => u.PasswordHash).HasMaxLength(256);
    }
}
