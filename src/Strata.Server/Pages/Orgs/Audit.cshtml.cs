using Microsoft.AspNetCore.Mvc;
using Strata.Core.Audit;
using Strata.Core.Hierarchy;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Orgs;

/// <summary>The organisation's audit log for managers: filters by who, what, words and dates, 50 entries a page.</summary>
public sealed class AuditModel(CurrentUser currentUser, OrgService orgs) : StrataPage(currentUser)
{
    public const int PageSize = 50;

    public OrgView Org { get; private set; } = null!;

    public AuditPage Entries { get; private set; } = new([], false);

    public IReadOnlyList<string> Actions { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "who")]
    public string? Who { get; set; }

    [BindProperty(SupportsGet = true, Name = "what")]
    public string? What { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "until")]
    public DateOnly? Until { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public async Task OnGetAsync(string org, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        Org = await orgs.GetAsync(actor, org, ct);
        PageNumber = Math.Max(1, PageNumber);
        // Dates are whole days; "until" includes its own day.
        var query = new AuditQuery(Who, What, Text,
            From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), Until?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        Entries = await orgs.AuditAsync(actor, org, query, (PageNumber - 1) * PageSize, PageSize, ct);
        Actions = await orgs.AuditActionsAsync(actor, org, ct);
        Crumbs.Add(new Crumb(Org.Name, OrgPath(org)));
        Crumbs.Add(new Crumb("Audit log", null));
    }

    /// <summary>This page's filters at another page number.</summary>
    public string PageLink(int page)
    {
        var query = Request.Query.Where(q => q.Key != "p").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}").Append($"p={page}");
        return Request.Path + "?" + string.Join('&', query);
    }

    /// <summary>"instance.role_changed" → "instance role changed", as a person reads it.</summary>
    public static string Words(string action) => action.Replace('.', ' ').Replace('_', ' ');
}
