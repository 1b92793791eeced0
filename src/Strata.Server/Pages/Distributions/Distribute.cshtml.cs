using Microsoft.AspNetCore.Mvc;
using Strata.Core.Access;
using Strata.Core.Distributions;
using Strata.Core.Hierarchy;
using Strata.Core.States;
using Strata.Server.Auth;
using Strata.Server.Pages.Spaces;

namespace Strata.Server.Pages.Distributions;

/// <summary>The distribute wizard: objects from a state, targets, strategy, auto-snapshot, notification.</summary>
public sealed class DistributeModel(CurrentUser currentUser, AccessResolver access, InstanceService instances, DistributionService distributions, ContentPicker picker)
    : StrataPage(currentUser)
{
    /// <summary>Each strategy with the one line that tells a teacher what it does (SPEC §6).</summary>
    public static readonly (string Value, string Label, string Explanation)[] Strategies =
    [
        ("overwrite", "Overwrite", "Files at the same path are replaced, new ones created; other files of the students stay."),
        ("extra", "Extra only", "Only files the students do not have yet are added; nothing existing is touched."),
        ("mirror", "Mirror", "Each selected folder or file becomes exactly yours: what the students added inside it goes."),
        ("merge", "Merge", "Students' own edits are never lost: untouched files are updated; edited ones are kept, with your version beside them."),
    ];

    public string Org { get; private set; } = "";

    public string SpaceSlug { get; private set; } = "";

    public string SpaceName { get; private set; } = "";

    public ContentPicker Picker => picker;

    /// <summary>Instances a distribution can go into (every instance but Master is part of "all").</summary>
    public IReadOnlyList<InstanceView> Targets { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Source { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty]
    public List<string> Paths { get; set; } = [];

    [BindProperty]
    public bool All { get; set; }

    [BindProperty]
    public List<string> Instances { get; set; } = [];

    /// <summary>With "all": leave out the instances the caller is a member of.</summary>
    [BindProperty]
    public bool ExceptMine { get; set; }

    /// <summary>The caller's own regular instances, which "all" would include.</summary>
    public IReadOnlyList<InstanceView> Mine { get; private set; } = [];

    [BindProperty]
    public string Strategy { get; set; } = "merge";

    [BindProperty]
    public bool AutoSnapshot { get; set; } = true;

    [BindProperty]
    public bool Notify { get; set; }

    [BindProperty]
    public string? Message { get; set; }

    public Task OnGetAsync(string org, string space, CancellationToken ct) => LoadAsync(org, space, ct);

    public Task<IActionResult> OnPostAsync(string org, string space, CancellationToken ct) => AttemptAsync(async () =>
    {
        var request = new CreateDistribution(
            new ContentSource(Source, State, Paths.Count == 0 ? null : Paths),
            All ? new DistributionTargets(All: true, Except: ExceptMine ? [.. (await instances.MineAsync(await ActorAsync(ct), org, space, ct)).Select(i => i.Slug)] : null)
                : new DistributionTargets(Instances),
            Strategy, AutoSnapshot, Notify, Message);
        var distribution = await distributions.CreateAsync(await ActorAsync(ct), org, space, request, ct);
        return Redirect($"{SpacePath(org, space)}/distributions/{distribution.Id}");
    }, () => LoadAsync(org, space, ct));

    private async Task LoadAsync(string org, string space, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        (Org, SpaceSlug) = (org, space);
        var scope = await access.SpaceAsync(actor, org, space, ct);
        SpaceName = scope.Space.Name;
        await picker.LoadAsync(actor, org, space, Source, State, ct);
        Targets = await instances.ListAsync(actor, org, space, Act.DistributeToOne, ct);
        Mine = await instances.MineAsync(actor, org, space, ct);
        Crumbs.Add(new Crumb(scope.Org.Name, OrgPath(org)));
        Crumbs.Add(new Crumb(scope.Space.Name, SpacePath(org, space)));
        Crumbs.Add(new Crumb("Distribute", null));
    }
}
