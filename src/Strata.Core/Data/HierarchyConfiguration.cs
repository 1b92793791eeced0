using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Strata.Core.Accounts;
using Strata.Core.Hierarchy;

namespace Strata.Core.Data;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.ToTable("organisations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Slug).HasMaxLength(100);
        builder.HasIndex(o => o.Slug).IsUnique();
        builder.Property(o => o.Name).HasMaxLength(Names.MaxNameLength);
    }
}

internal sealed class OrgMemberConfiguration : IEntityTypeConfiguration<OrgMember>
{
    public void Configure(EntityTypeBuilder<OrgMember> builder)
    {
        builder.ToTable("org_members");
        builder.HasKey(m => new { m.OrgId, m.UserId });
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.UserId);
    }
}

internal sealed class SpaceConfiguration : IEntityTypeConfiguration<Space>
{
    public void Configure(EntityTypeBuilder<Space> builder)
    {
        builder.ToTable("spaces");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Slug).HasMaxLength(100);
        builder.HasIndex(s => new { s.OrgId, s.Slug }).IsUnique();
        builder.Property(s => s.Name).HasMaxLength(Names.MaxNameLength);
        builder.Property(s => s.NameKey).HasMaxLength(Names.MaxNameLength);
        builder.HasIndex(s => new { s.OrgId, s.NameKey }).IsUnique();
        builder.Property(s => s.Description).HasMaxLength(Names.MaxDescriptionLength);
        builder.Property(s => s.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Visibility).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(s => s.Org).WithMany().HasForeignKey(s => s.OrgId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SpaceAdminConfiguration : IEntityTypeConfiguration<SpaceAdmin>
{
    public void Configure(EntityTypeBuilder<SpaceAdmin> builder)
    {
        builder.ToTable("space_admins");
        builder.HasKey(a => new { a.SpaceId, a.UserId });
        builder.HasOne<Space>().WithMany().HasForeignKey(a => a.SpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.UserId);
    }
}

internal sealed class InstanceConfiguration : IEntityTypeConfiguration<Instance>
{
    public void Configure(EntityTypeBuilder<Instance> builder)
    {
        builder.ToTable("instances");
        builder.HasKey(i => i.Id);
        builder.Ignore(i => i.IsProtected);
        builder.Property(i => i.Slug).HasMaxLength(110);
        builder.HasIndex(i => new { i.SpaceId, i.Slug }).IsUnique();
        builder.Property(i => i.Name).HasMaxLength(Names.MaxNameLength);
        builder.Property(i => i.NameKey).HasMaxLength(Names.MaxNameLength);
        builder.HasIndex(i => new { i.SpaceId, i.NameKey }).IsUnique();
        builder.Property(i => i.Description).HasMaxLength(Names.MaxDescriptionLength);
        builder.Property(i => i.CurrentStateDescription).HasMaxLength(Names.MaxDescriptionLength);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(i => i.Space).WithMany().HasForeignKey(i => i.SpaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InstanceMemberConfiguration : IEntityTypeConfiguration<InstanceMember>
{
    public void Configure(EntityTypeBuilder<InstanceMember> builder)
    {
        builder.ToTable("instance_members");
        builder.HasKey(m => new { m.InstanceId, m.UserId });
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Instance>().WithMany().HasForeignKey(m => m.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.UserId);
    }
}
