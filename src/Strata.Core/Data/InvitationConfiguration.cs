using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Strata.Core.Hierarchy;
using Strata.Core.Invitations;

namespace Strata.Core.Data;

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.ToTable("invitations");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Email).HasMaxLength(254);
        builder.Property(i => i.EmailNormalized).HasMaxLength(254);
        builder.Property(i => i.SecretHash).HasMaxLength(64);
        builder.HasIndex(i => i.SecretHash).IsUnique();
        builder.Property(i => i.InvitedBy).HasMaxLength(254);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(i => new { i.OrgId, i.Status });
        builder.HasIndex(i => i.EmailNormalized);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(i => i.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Grants).WithOne().HasForeignKey(g => g.InvitationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvitationGrantConfiguration : IEntityTypeConfiguration<InvitationGrant>
{
    public void Configure(EntityTypeBuilder<InvitationGrant> builder)
    {
        builder.ToTable("invitation_grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedOnAdd();
        builder.Property(g => g.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(g => g.Role).HasMaxLength(20);
        builder.HasOne<Space>().WithMany().HasForeignKey(g => g.SpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Instance>().WithMany().HasForeignKey(g => g.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(g => g.SpaceId);
        builder.HasIndex(g => g.InstanceId);
    }
}
