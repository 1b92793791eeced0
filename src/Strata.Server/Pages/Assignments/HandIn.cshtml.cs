using Microsoft.AspNetCore.Mvc;
using Strata.Core.Access;
using Strata.Core.Assignments;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Assignments;

/// <summary>A student's hand-in: the files it will freeze, a confirmation, then a receipt with the time and a link to the frozen files.</summary>
public sealed class HandInModel(CurrentUser currentUser, AccessResolver access, InstanceAssignments instanceAssignments, HandInService handIns) : StrataPage(currentUser)
{
    public string Org { get; private set; } = "";

    public string SpaceSlug { get; private set; } = "";

    public HandInPreview Preview { get; private set; } = null!;

    /// <summary>The hand-in just made, shown as a receipt.</summary>
    public HandInView? Receipt { get; private set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Done { get; set; }

    public InstanceAssignmentView Assignment => Preview.Assignment;

    public string InstanceHere => InstancePath(Org, SpaceSlug, Preview.Instance);

    public Task OnGetAsync(string org, string space, Guid id, string instance, CancellationToken ct) => LoadAsync(org, space, id, instance, ct);

    public Task<IActionResult> OnPostAsync(string org, string space, Guid id, string instance, CancellationToken ct) => AttemptAsync(async () =>
    {
        var handIn = await handIns.HandInAsync(await ActorAsync(ct), org, space, id, new CreateHandIn(instance), ct);
        return Redirect($"{NewAssignmentModel.AssignmentPath(org, space, id)}/hand-in/{Uri.EscapeDataString(instance)}?done={handIn.Id}");
    }, () => LoadAsync(org, space, id, instance, ct));

    private async Task LoadAsync(string org, string space, Guid id, string instance, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        (Org, SpaceSlug) = (org, space);
        var scope = await access.SpaceAsync(actor, org, space, ct);
        Preview = await instanceAssignments.PreviewAsync(actor, org, space, id, instance, ct);
        if (Done is { } done)
            Receipt = (await handIns.ListAsync(actor, org, space, id, instance, ct)).FirstOrDefault(h => h.Id == done);
        Crumbs.Add(new Crumb(scope.Org.Name, OrgPath(org)));
        Crumbs.Add(new Crumb(scope.Space.Name, SpacePath(org, space)));
        Crumbs.Add(new Crumb(Preview.InstanceName, InstancePath(org, space, instance)));
        Crumbs.Add(new Crumb($"Hand in {Assignment.Name}", null));
    }
}
