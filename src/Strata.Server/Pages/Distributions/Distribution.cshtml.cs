using Microsoft.AspNetCore.Mvc;
using Strata.Core.Access;
using Strata.Core.Distributions;
using Strata.Core.Errors;
using Strata.Core.Snapshots;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Distributions;

/// <summary>A distribution's progress (refreshing while it runs) and its per-target report; cancel and recall.</summary>
public sealed class DistributionModel(CurrentUser currentUser, AccessResolver access, DistributionService distributions, SnapshotService snapshots) : StrataPage(currentUser)
{
    public string Org { get; private set; } = "";

    public string SpaceSlug { get; private set; } = "";

    public DistributionView Distribution { get; private set; } = null!;

    /// <summary>"current state" or the snapshot's name.</summary>
    public string StateLabel { get; private set; } = "";

    public bool Running => Distribution.Status is DistributionStatus.Queued or DistributionStatus.Running;

    public Task OnGetAsync(string org, string space, Guid id, CancellationToken ct) => LoadAsync(org, space, id, ct);

    public Task<IActionResult> OnPostCancelAsync(string org, string space, Guid id, CancellationToken ct) => AttemptAsync(async () =>
    {
        await distributions.CancelAsync(await ActorAsync(ct), org, space, id, ct);
        Notice = "Cancelling: targets already done keep the content; the others are left as they were.";
        return Redirect($"{SpacePath(org, space)}/distributions/{id}");
    }, () => LoadAsync(org, space, id, ct));

    public Task<IActionResult> OnPostRecallAsync(string org, string space, Guid id, CancellationToken ct) => AttemptAsync(async () =>
    {
        var recall = await distributions.RecallAsync(await ActorAsync(ct), org, space, id, ct);
        Notice = "Recalling: delivered files the students have not changed are removed; changed ones are kept and listed.";
        return Redirect($"{SpacePath(org, space)}/distributions/{recall.Id}");
    }, () => LoadAsync(org, space, id, ct));

    private async Task<string> StateLabelAsync(Actor actor, string org, string space, CancellationToken ct)
    {
        var source = Distribution.Source;
        if (!Guid.TryParse(source.State, out var snapshot))
            return "current state";
        try
        {
            return $"snapshot \"{(await snapshots.GetAsync(actor, new(org, space, source.Instance), snapshot, ct)).Name}\"";
        }
        catch (DomainException)
        {
            return "a snapshot since deleted";
        }
    }

    private async Task LoadAsync(string org, string space, Guid id, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        (Org, SpaceSlug) = (org, space);
        var scope = await access.SpaceAsync(actor, org, space, ct);
        Distribution = await distributions.GetAsync(actor, org, space, id, ct);
        StateLabel = await StateLabelAsync(actor, org, space, ct);
        Crumbs.Add(new Crumb(scope.Org.Name, OrgPath(org)));
        Crumbs.Add(new Crumb(scope.Space.Name, SpacePath(org, space)));
        Crumbs.Add(new Crumb(Distribution.RecallOf is null ? "Distribution" : "Recall", null));
    }
}
