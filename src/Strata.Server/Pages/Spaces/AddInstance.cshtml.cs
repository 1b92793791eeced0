using Microsoft.AspNetCore.Mvc;
using Strata.Core;
using Strata.Core.Access;
using Strata.Core.Hierarchy;
using Strata.Core.Invitations;
using Strata.Core.States;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Spaces;

/// <summary>Seed 000's "Add instance": empty or with content (a state, all or selected objects), then separate, joint or single.</summary>
public sealed class AddInstanceModel(CurrentUser currentUser, AccessResolver access, InstanceService instances, ContentPicker picker) : StrataPage(currentUser)
{
    public string Org { get; private set; } = "";

    public string SpaceSlug { get; private set; } = "";

    public string SpaceName { get; private set; } = "";

    public ContentPicker Picker => picker;

    [BindProperty(SupportsGet = true)]
    public string? Source { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty]
    public string Mode { get; set; } = "separate";

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? Emails { get; set; }

    [BindProperty]
    public InstanceRole Role { get; set; } = InstanceRole.Editor;

    [BindProperty]
    public List<string> Paths { get; set; } = [];

    public Task OnGetAsync(string org, string space, CancellationToken ct) => LoadAsync(org, space, ct);

    public Task<IActionResult> OnPostAsync(string org, string space, CancellationToken ct) => AttemptAsync(async () =>
    {
        var content = string.IsNullOrEmpty(Source) ? null : new ContentSource(Source, State, Paths.Count == 0 ? null : Paths);
        IReadOnlyList<string>? emails = Mode == "single" || string.IsNullOrWhiteSpace(Emails) ? null : [Emails];
        if (emails is not null && !AddressesChecked && EmailTypos.Warnings([.. EmailLists.Validate(emails)]) is { Count: > 0 } typos)
        {
            // A warning, not a refusal: the person confirms and sends again.
            Typos = typos;
            await LoadAsync(org, space, ct);
            return Page();
        }
        var created = await instances.CreateAsync(await ActorAsync(ct), org, space,
            new CreateInstances(Mode, Name, Description, emails, Role, content), ct);
        var skipped = created.Skipped.Count == 0 ? "" : " " + string.Join(" ", created.Warnings.Where(w => created.Skipped.Any(s => w.StartsWith(s.Email, StringComparison.Ordinal))));
        if (created.ManyCreated)
        {
            Notice = created.Instances.Count == 0
                ? $"No instance was created.{skipped}"
                : $"Created {Counted.Of(created.Instances.Count, "instance")}: {string.Join(", ", created.Instances.Select(i => i.Name))}. " +
                  $"{Counted.Of(created.Invitations.Count, "invitation")} on {(created.Invitations.Count == 1 ? "its" : "their")} way.{skipped}";
            return Redirect(SpacePath(org, space));
        }
        Notice = $"Instance \"{created.Instances[0].Name}\" created{(created.Invitations.Count > 0 ? $"; {Counted.Of(created.Invitations.Count, "invitation")} on {(created.Invitations.Count == 1 ? "its" : "their")} way" : "")}.";
        return Redirect(InstancePath(org, space, created.Instances[0].Slug));
    }, () => LoadAsync(org, space, ct));

    /// <summary>Likely typos found in the addresses; the form asks to confirm them before anything is sent.</summary>
    public IReadOnlyList<string> Typos { get; private set; } = [];

    [BindProperty]
    public bool AddressesChecked { get; set; }

    private async Task LoadAsync(string org, string space, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        (Org, SpaceSlug) = (org, space);
        var scope = await access.SpaceAsync(actor, org, space, ct);
        AccessPolicy.Demand(Act.CreateInstance, scope.Grants, scope.Org.Name, scope.Space.Name);
        SpaceName = scope.Space.Name;
        await picker.LoadAsync(actor, org, space, Source, State, ct);
        Crumbs.Add(new Crumb(scope.Org.Name, OrgPath(org)));
        Crumbs.Add(new Crumb(scope.Space.Name, SpacePath(org, space)));
        Crumbs.Add(new Crumb("Add new instance", null));
    }
}
