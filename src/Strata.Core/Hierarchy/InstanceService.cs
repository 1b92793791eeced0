using Microsoft.EntityFrameworkCore;
using Strata.Core.Access;
using Strata.Core.Accounts;
using Strata.Core.Audit;
using Strata.Core.Data;
using Strata.Core.Maintenance;
using Strata.Core.Errors;
using Strata.Core.States;
using Strata.Core.Invitations;
using Strata.Core.Distributions;
using Strata.Storage;
using Strata.Storage.States;
using Strata.Storage.Trees;

namespace Strata.Core.Hierarchy;

public sealed record UpdateInstance(string? Name, string? Description, string? CurrentStateDescription);

public sealed record CreateInstances(
    string? Mode,
    string? Name = null,
    string? Description = null,
    IReadOnlyList<string>? Emails = null,
    InstanceRole? Role = null,
    ContentSource? Content = null);

/// <summary>The result of a creation; <see cref="ManyCreated"/> tells the caller to go back to the space.</summary>
/// <param name="Skipped">Separate mode: people who already have an instance in the space, with that instance's slug; nothing was made for them.</param>
/// <param name="Warnings">Sentences to show before anyone wonders: likely typos in addresses, people skipped.</param>
public sealed record CreatedInstances(IReadOnlyList<InstanceView> Instances, IReadOnlyList<InvitationView> Invitations, bool ManyCreated,
    IReadOnlyList<SkippedEmail> Skipped, IReadOnlyList<string> Warnings);

/// <param name="Instance">The slug of the instance they have; <paramref name="Name"/> its name.</param>
public sealed record SkippedEmail(string Email, string Instance, string Name);

public enum CreationMode
{
#pragma warning disable CA1720 // "single" is the mode's name in API.md and in seed 000.
    Single,
#pragma warning restore CA1720
    Joint,
    Separate,
}

public sealed class InstanceService(
    StrataDb db,
    AccessResolver access,
    AuditLog audit,
    InvitationService invitationService,
    InvitationGrants invitationGrants,
    StateRoots roots,
    ITreeStore trees,
    StateWriter writer,
    ContentLimits limits,
    StateUsage usage,
    TimeProvider clock,
    WriteIntent intent)
{
    public Task<IReadOnlyList<InstanceView>> ListAsync(Actor actor, string orgSlug, string spaceSlug, CancellationToken ct) =>
        ListAsync(actor, orgSlug, spaceSlug, Act.ViewInstance, ct);

    /// <summary>The instances of a space on which the caller may do <paramref name="act"/> (pages offer only those).</summary>
    public async Task<IReadOnlyList<InstanceView>> ListAsync(Actor actor, string orgSlug, string spaceSlug, Act act, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, orgSlug, spaceSlug, ct);
        var instances = await db.Instances.AsNoTracking().Where(i => i.SpaceId == scope.Space.Id).ToListAsync(ct);
        return [.. instances
            .Select(i => (Instance: i, Grants: scope.For(i)))
            .Where(x => AccessPolicy.May(act, x.Grants))
            .OrderBy(x => x.Instance.Kind switch { InstanceKind.Master => 0, InstanceKind.Distributed => 1, _ => 2 })
            .ThenBy(x => x.Instance.Name, StringComparer.OrdinalIgnoreCase)
            .Select(x => View(x.Instance, scope.Space, x.Grants))];
    }

    /// <summary>The regular instances of a space the caller is a member of (a teacher's own, as opposed to the students').</summary>
    public async Task<IReadOnlyList<InstanceView>> MineAsync(Actor actor, string orgSlug, string spaceSlug, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, orgSlug, spaceSlug, ct);
        var mine = await db.InstanceMembers.AsNoTracking().Where(m => m.UserId == actor.UserId)
            .Join(db.Instances.AsNoTracking().Where(i => i.SpaceId == scope.Space.Id && i.Kind == InstanceKind.Regular), m => m.InstanceId, i => i.Id, (m, i) => i)
            .ToListAsync(ct);
        return [.. mine.OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase).Select(i => View(i, scope.Space, scope.For(i)))];
    }

    public async Task<InstanceView> GetAsync(Actor actor, string orgSlug, string spaceSlug, string instanceSlug, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, orgSlug, spaceSlug, instanceSlug, ct);
        var (root, _) = await roots.RootOfAsync(scope.Instance, StateRoots.Current, ct);
        long? used;
        try
        {
            used = await usage.DistinctBytesAsync(root, ct);
        }
        catch (StorageException e) when (e.Code == StorageException.NotFound)
        {
            used = null; // a damaged store (the integrity check names what is missing) must not hide the instance itself
        }
        return View(scope.Instance, scope.Space, scope.Grants) with { UsedBytes = used };
    }

    /// <summary>
    /// Creates instances in mode single (one for the calling admin), joint (one shared by everyone
    /// listed) or separate (one per person, named after them). Every input is checked before anything
    /// is written, and instances and invitations are committed in one save: all or nothing.
    /// </summary>
    public async Task<CreatedInstances> CreateAsync(Actor actor, string orgSlug, string spaceSlug, CreateInstances request, CancellationToken ct)
    {
        var scope = await access.SpaceAsync(actor, orgSlug, spaceSlug, ct);
        AccessPolicy.Demand(Act.CreateInstance, scope.Grants, scope.Org.Name, scope.Space.Name);
        await intent.BeginAsync(ct); // before a snapshot's root is read for the new instances: see docs/storage.md
        var mode = request.Mode?.Trim().ToLowerInvariant() switch
        {
            "single" => CreationMode.Single,
            "joint" => CreationMode.Joint,
            "separate" => CreationMode.Separate,
            _ => throw new DomainException(ErrorCodes.InvalidRequest, "mode must be single, joint or separate."),
        };
        var description = Names.ValidateDescription(request.Description, "instance");
        var name = mode == CreationMode.Separate ? null : Names.Validate(request.Name, "instance");
        IReadOnlyList<EmailEntry> people = [];
        if (mode != CreationMode.Single)
        {
            if (request.Emails is null || request.Emails.Count == 0)
                throw new DomainException(ErrorCodes.InvalidEmail, $"Mode {(mode == CreationMode.Joint ? "joint" : "separate")} needs the email addresses of the people to invite.",
                    new Dictionary<string, object?> { ["invalidEmails"] = Array.Empty<string>() });
            people = EmailLists.Parse(request.Emails);
            if (people.Count > limits.MaxInstancesPerRequest)
                throw new DomainException(ErrorCodes.LimitExceeded,
                    $"One request may invite at most {limits.MaxInstancesPerRequest:N0} people; this one lists {people.Count:N0}. Split the list and send it in parts.");
        }
        var warnings = EmailTypos.Warnings([.. people.Select(p => p.Address)]).ToList();
        var skipped = mode == CreationMode.Separate ? await ExistingOwners.FindAsync(db, scope.Space.Id, people, clock.GetUtcNow(), ct) : [];
        foreach (var skip in skipped)
            warnings.Add($"{skip.Email} already has the instance \"{skip.Name}\" in this space, so no second one was made.");
        people = [.. people.Where(p => !skipped.Any(s => string.Equals(s.Email, p.Address, StringComparison.OrdinalIgnoreCase)))];
        var emails = people.Select(p => p.Address).ToList();
        var role = RoleNames.Of(request.Role ?? InstanceRole.Editor);
        var taken = await TakenAsync(scope.Space.Id, ct);
        if (name is not null && taken.Keys.Contains(Names.Key(name)))
            throw NameTaken(name);
        var content = await ContentAsync(scope, request.Content, ct);

        var instances = new List<Instance>();
        var invitations = new List<Invitation>();
        if (mode == CreationMode.Separate)
        {
            foreach (var (email, displayName) in people)
            {
                var personName = ExistingOwners.UsableName(displayName) ?? Bootstrap.NameFromEmail(email);
                var instance = NewInstance(scope.Space, Names.UniquifyName(personName, taken.Keys), description, taken, content);
                instances.Add(instance);
                db.Instances.Add(instance);
                invitations.Add(await invitationService.StageAsync(actor, InvitationTarget.ToInstance(scope.Org, scope.Space, instance), email, role, ct));
            }
        }
        else
        {
            var instance = NewInstance(scope.Space, name!, description, taken, content);
            instances.Add(instance);
            db.Instances.Add(instance);
            if (mode == CreationMode.Single)
                db.InstanceMembers.Add(new InstanceMember { InstanceId = instance.Id, UserId = actor.UserId, Role = InstanceRole.Editor });
            foreach (var email in emails)
                invitations.Add(await invitationService.StageAsync(actor, InvitationTarget.ToInstance(scope.Org, scope.Space, instance), email, role, ct));
        }
        foreach (var instance in instances)
            audit.Record(scope.Org.Id, actor, "instance.created", Target(scope.Space, instance), mode.ToString().ToLowerInvariant());
        await writer.CreateAsync(token => db.SaveUniqueAsync("Another request created an instance with one of these names at the same moment. Try again.", token), ct);
        return new CreatedInstances(
            [.. instances.Select(i => View(i, scope.Space, scope.For(i)))],
            await invitationGrants.ViewsAsync(invitations, ct),
            mode == CreationMode.Separate, skipped, warnings);
    }

    public async Task<InstanceView> UpdateAsync(Actor actor, string orgSlug, string spaceSlug, string instanceSlug, UpdateInstance request, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, orgSlug, spaceSlug, instanceSlug, ct);
        AccessPolicy.Demand(Act.EditInstance, scope.Grants, scope.Org.Name, scope.Space.Name);
        var instance = scope.Instance;
        if (instance.IsProtected && (request.Name is not null || request.Description is not null))
            throw Protected(instance, "renamed or edited");
        if (request.Name is not null)
        {
            var name = Names.Validate(request.Name, "instance");
            var key = Names.Key(name);
            if (key != instance.NameKey && await db.Instances.AnyAsync(i => i.SpaceId == instance.SpaceId && i.NameKey == key, ct))
                throw NameTaken(name);
            instance.Name = name;
            instance.NameKey = key;
        }
        if (request.Description is not null)
            instance.Description = Names.ValidateDescription(request.Description, "instance");
        if (request.CurrentStateDescription is not null)
        {
            instance.CurrentStateDescription = Names.ValidateDescription(request.CurrentStateDescription, "current state");
            instance.Idle = false;
        }
        audit.Record(scope.Org.Id, actor, "instance.updated", Target(scope.Space, instance));
        await db.SaveUniqueAsync(NameTaken(instance.Name).Detail, ct);
        return View(instance, scope.Space, scope.Grants);
    }

    public async Task DeleteAsync(Actor actor, string orgSlug, string spaceSlug, string instanceSlug, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, orgSlug, spaceSlug, instanceSlug, ct);
        AccessPolicy.Demand(Act.DeleteInstance, scope.Grants, scope.Org.Name, scope.Space.Name);
        if (scope.Instance.IsProtected)
            throw Protected(scope.Instance, "deleted");
        await DroppedRoots.RecordInstanceAsync(db, scope.Instance.Id, clock.GetUtcNow(), ct);
        db.Instances.Remove(scope.Instance);
        audit.Record(scope.Org.Id, actor, "instance.deleted", Target(scope.Space, scope.Instance), scope.Instance.Name);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<InstanceMemberView>> MembersAsync(Actor actor, string orgSlug, string spaceSlug, string instanceSlug, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, orgSlug, spaceSlug, instanceSlug, ct);
        AccessPolicy.Demand(Act.ViewInstanceMembers, scope.Grants, scope.Org.Name, scope.Space.Name);
        var members = await db.InstanceMembers.AsNoTracking().Where(m => m.InstanceId == scope.Instance.Id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email, u.Name, m.Role }).ToListAsync(ct);
        return [.. members.OrderBy(m => m.Email, StringComparer.OrdinalIgnoreCase)
            .Select(m => new InstanceMemberView(m.Id, m.Email, m.Name, RoleNames.Of(m.Role)))];
    }

    public async Task<InstanceMemberView> SetRoleAsync(Actor actor, string orgSlug, string spaceSlug, string instanceSlug, Guid userId, InstanceRole role, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, orgSlug, spaceSlug, instanceSlug, ct);
        AccessPolicy.Demand(Act.ManageInstanceMembers, scope.Grants, scope.Org.Name, scope.Space.Name);
        if (scope.Instance.Kind == InstanceKind.Distributed)
            throw new DomainException(ErrorCodes.DistributedInstance,
                "Nobody is given a role in Distributed: every editor of an instance in the space can view it.");
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new DomainException(ErrorCodes.NotFound, "There is no such user.");
        var member = await db.InstanceMembers.SingleOrDefaultAsync(m => m.InstanceId == scope.Instance.Id && m.UserId == userId, ct);
        if (member is null)
        {
            var inOrg = await access.OrgRoleAsync(new Actor(userId, user.Email, false), scope.Org.Id, ct) is not null;
            if (!inOrg)
                throw new DomainException(ErrorCodes.NotFound, $"{user.Email} is not a member of this organisation. Invite them instead.");
            db.InstanceMembers.Add(new InstanceMember { InstanceId = scope.Instance.Id, UserId = userId, Role = role });
        }
        else
        {
            member.Role = role;
        }
        audit.Record(scope.Org.Id, actor, "instance.role_changed", $"user {user.Email} on {Target(scope.Space, scope.Instance)}", RoleNames.Of(role));
        await db.SaveChangesAsync(ct);
        return new InstanceMemberView(user.Id, user.Email, user.Name, RoleNames.Of(role));
    }

    public async Task RemoveMemberAsync(Actor actor, string orgSlug, string spaceSlug, string instanceSlug, Guid userId, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, orgSlug, spaceSlug, instanceSlug, ct);
        AccessPolicy.Demand(Act.ManageInstanceMembers, scope.Grants, scope.Org.Name, scope.Space.Name);
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        var removed = await db.InstanceMembers.Where(m => m.InstanceId == scope.Instance.Id && m.UserId == userId).ExecuteDeleteAsync(ct);
        if (removed == 0)
            throw new DomainException(ErrorCodes.NotFound, "That person has no role on this instance.");
        audit.Record(scope.Org.Id, actor, "instance.role_revoked", $"user {email} on {Target(scope.Space, scope.Instance)}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Names and slugs already used in a space, to validate and uniquify a batch in memory.</summary>
    internal async Task<(HashSet<string> Keys, HashSet<string> Slugs)> TakenAsync(Guid spaceId, CancellationToken ct)
    {
        var rows = await db.Instances.Where(i => i.SpaceId == spaceId).Select(i => new { i.NameKey, i.Slug }).ToListAsync(ct);
        return (rows.Select(r => r.NameKey).ToHashSet(), rows.Select(r => r.Slug).ToHashSet());
    }

    internal Instance NewInstance(Space space, string name, string description, (HashSet<string> Keys, HashSet<string> Slugs) taken, StartingContent? content = null)
    {
        var slug = Names.Uniquify(Names.Slugify(name), taken.Slugs);
        taken.Keys.Add(Names.Key(name));
        taken.Slugs.Add(slug);
        var instance = new Instance
        {
            SpaceId = space.Id,
            Slug = slug,
            Name = name,
            NameKey = Names.Key(name),
            Description = description,
            Kind = InstanceKind.Regular,
            CreatedAt = clock.GetUtcNow(),
        };
        db.StateRefs.Add(EmptyState.For(instance));
        if (content is not null)
        {
            db.StateRefs.Local.Single(r => r.Key == StateRefRow.CurrentOf(instance.Id)).Root = content.Root.ToString();
            db.StateRefs.Add(new StateRefRow { Key = StateRefRow.DeliveredOf(instance.Id), Root = content.DeliveryBase.ToString(), Version = 1, InstanceId = instance.Id });
        }
        return instance;
    }

    /// <summary>The root every new instance starts from, and its delivery base (what it "received", for later merges).</summary>
    internal sealed record StartingContent(ContentId Root, ContentId DeliveryBase);

    /// <summary>
    /// Builds the starting state once from selected paths of a state the admin can read in this space:
    /// trees only, shared by every instance created with it (SPEC §3, §6: no bytes copied).
    /// </summary>
    private async Task<StartingContent?> ContentAsync(SpaceScope scope, ContentSource? request, CancellationToken ct)
    {
        if (request is null)
            return null;
        if (string.IsNullOrWhiteSpace(request.Instance) || string.IsNullOrWhiteSpace(request.State))
            throw new DomainException(ErrorCodes.InvalidRequest, "content needs 'instance' (a slug in this space) and 'state' (current or a snapshot id).");
        var source = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.SpaceId == scope.Space.Id && i.Slug == request.Instance, ct);
        if (source is null || !scope.For(source).SeesInstance)
            throw new DomainException(ErrorCodes.NotFound, $"There is no instance \"{request.Instance}\" in space \"{scope.Space.Name}\" to take content from, or you have no access to it.");
        AccessPolicy.Demand(Act.ReadState, scope.For(source), scope.Org.Name, scope.Space.Name);
        var (root, _) = await roots.RootOfAsync(source, request.State.Trim(), ct);
        var paths = await ContentSelection.ResolveAsync(trees, root, request.Paths, ct);
        var start = new TreeEditor(trees, Tree.EmptyId, clock);
        var deliveryBase = new TreeEditor(trees, Tree.EmptyId, clock);
        await Delivery.ApplyAsync(start, deliveryBase, root, paths, DistributionStrategy.Overwrite, ct);
        return new StartingContent((await start.CommitAsync(ct)).Id, (await deliveryBase.CommitAsync(ct)).Id);
    }

    public static InstanceView View(Instance i, Space space, Grants grants) =>
        new(i.Slug, i.Name, i.Description, i.Kind, i.CurrentStateDescription, i.Idle, grants.InstanceRoleName, i.CreatedAt, space.InstanceQuotaBytes);

    /// <summary>How the audit log names an instance: by the names people gave it, not slugs.</summary>
    internal static string Target(Space space, Instance instance) => $"instance \"{instance.Name}\" in {space.Name}";

    private static DomainException NameTaken(string name) =>
        new(ErrorCodes.NameTaken, $"This space already has an instance named \"{name}\". Choose another name.");

    private static DomainException Protected(Instance instance, string what) =>
        new(ErrorCodes.ProtectedInstance, $"{instance.Name} belongs to the space and cannot be {what}; it goes only with the space.");
}
