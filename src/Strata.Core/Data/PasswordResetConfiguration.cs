using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Strata.Core.Accounts;

namespace Strata.Core.Data;

internal sealed class PasswordResetConfiguration : IEntityTypeConfiguration<PasswordReset>
{
    public void Configure(EntityTypeBuilder<PasswordReset> builder)
    {
        builder.ToTable("password_resets");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.SecretHash).HasMaxLength(64);
        builder.HasIndex(r => r.SecretHash).IsUnique();
        builder.Property(r => r.PasswordStamp).HasMaxLength(16);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.UserId);
    }
}
