using Strata.Core.Access;
using Strata.Core.Hierarchy;
using Strata.Core.States;
using Strata.Core.Usage;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Spaces;

/// <summary>
/// Where a space's bytes are, for its administrators: what its states reference and what only it holds
/// (what deleting it would free), per instance, and per snapshot of one instance when asked.
/// </summary>
public sealed class StorageModel(CurrentUser currentUser, AccessResolver access, SpaceService spaces, StorageUsage usage) : StrataPage(currentUser)
{
    public string Org { get; private set; } = "";

    public SpaceView Space { get; private set; } = null!;

    public SpaceStorageView Usage { get; private set; } = null!;

    /// <summary>The instance looked into (?instance=slug), with its snapshots.</summary>
    public InstanceStorageView? Instance { get; private set; }

    public async Task OnGetAsync(string org, string space, string? instance, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        Org = org;
        Space = await spaces.GetAsync(actor, org, space, ct);
        Usage = await usage.SpaceAsync(actor, org, space, ct);
        if (!string.IsNullOrWhiteSpace(instance))
            Instance = await usage.InstanceAsync(actor, new InstanceAddress(org, space, instance), ct);
        Crumbs.Add(new Crumb((await access.SpaceAsync(actor, org, space, ct)).Org.Name, OrgPath(org)));
        Crumbs.Add(new Crumb(Space.Name, SpacePath(org, space)));
        Crumbs.Add(new Crumb("Storage", null));
    }

    /// <summary>A bar's width in percent of the largest instance.</summary>
    public int Share(long bytes)
    {
        var largest = Usage.Instances.Count == 0 ? 0 : Usage.Instances.Max(i => i.ReferencedBytes ?? 0);
        return largest == 0 ? 0 : (int)Math.Ceiling(100.0 * bytes / largest);
    }
}
