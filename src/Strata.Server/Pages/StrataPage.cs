using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Strata.Core.Access;
using Strata.Core.Errors;
using Strata.Server.Auth;
using Strata.Storage;

namespace Strata.Server.Pages;

/// <summary>One step of the breadcrumb trail: organisation › space › instance › state.</summary>
public sealed record Crumb(string Label, string? Href);

/// <summary>
/// What the signed-in pages share: the caller as the domain sees them, breadcrumbs, and a refusal from
/// the rules shown on the page in the rules' own words (a stale page or a race), never a stack trace.
/// </summary>
[Authorize]
public abstract class StrataPage(CurrentUser currentUser) : PageModel
{
    public List<Crumb> Crumbs { get; } = [];

    /// <summary>The sentence a rule refused the last action with.</summary>
    public string? Problem { get; protected set; }

    [TempData]
    public string? Notice { get; set; }

    protected CurrentUser CurrentUser => currentUser;

    protected Task<Actor> ActorAsync(CancellationToken ct) => currentUser.ActorAsync(ct);

    /// <summary>Runs an action; a refusal becomes <see cref="Problem"/> and the page is shown again.</summary>
    protected async Task<IActionResult> AttemptAsync(Func<Task<IActionResult>> action, Func<Task> reload)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is DomainException or StorageException)
        {
            Problem = e.Message;
            await reload();
            return Page();
        }
    }

    public static string OrgPath(string org) => $"/orgs/{Uri.EscapeDataString(org)}";

    public static string SpacePath(string org, string space) => $"{OrgPath(org)}/spaces/{Uri.EscapeDataString(space)}";

    public static string InstancePath(string org, string space, string instance) => $"{SpacePath(org, space)}/instances/{Uri.EscapeDataString(instance)}";

    public static string ApiState(string org, string space, string instance, string state) =>
        $"/api/v1/orgs/{Uri.EscapeDataString(org)}/spaces/{Uri.EscapeDataString(space)}/instances/{Uri.EscapeDataString(instance)}/states/{Uri.EscapeDataString(state)}";

    /// <summary>A state path with each segment escaped, for links into the files API.</summary>
    public static string EscapePath(string path) => string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KB",
        _ => $"{bytes} B",
    };

    /// <summary>A figure that may not be known yet (storage not counted): a dash.</summary>
    public static string Size(long? bytes) => bytes is { } known ? Size(known) : "—";

    /// <summary>A moment as &lt;time&gt;: UTC in the page, shown in the reader's own time zone by site.js.</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent Time(DateTimeOffset at) =>
        new Microsoft.AspNetCore.Html.HtmlString($"<time datetime=\"{at.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}\">{System.Net.WebUtility.HtmlEncode(When(at))}</time>");

    public static string When(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
}
