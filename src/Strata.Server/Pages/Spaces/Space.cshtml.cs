using Strata.Core.Access;
using Strata.Core.Distributions;
using Strata.Core.Hierarchy;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Spaces;

public sealed class SpaceModel(CurrentUser currentUser, AccessResolver access, SpaceService spaces, InstanceService instances, DistributionService distributions)
    : StrataPage(currentUser)
{
    public string Org { get; private set; } = "";

    public SpaceView Space { get; private set; } = null!;

    public IReadOnlyList<InstanceView> Instances { get; private set; } = [];

    public IReadOnlyList<DistributionView> Distributions { get; private set; } = [];

    public bool IsAdmin { get; private set; }

    /// <summary>"Course users" or "Project users", as the space's type names its people.</summary>
    public string UsersLabel => Space.Type == SpaceType.Course ? "Course users" : "Project users";

    public async Task OnGetAsync(string org, string space, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        Org = org;
        Space = await spaces.GetAsync(actor, org, space, ct);
        Instances = await instances.ListAsync(actor, org, space, ct);
        var scope = await access.SpaceAsync(actor, org, space, ct);
        IsAdmin = AccessPolicy.May(Act.CreateInstance, scope.Grants);
        if (AccessPolicy.May(Act.ViewDistributions, scope.Grants))
            Distributions = [.. (await distributions.ListAsync(actor, org, space, ct)).Take(5)];
        Crumbs.Add(new Crumb(scope.Org.Name, OrgPath(org)));
        Crumbs.Add(new Crumb(Space.Name, SpacePath(org, space)));
    }
}
