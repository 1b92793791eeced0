using Microsoft.AspNetCore.Mvc;
using Strata.Core.Maintenance;
using Strata.Server.Auth;

namespace Strata.Server.Pages.Admin;

/// <summary>Platform administrators collect garbage and check the content store's integrity, and read what each run found.</summary>
public sealed class StorageModel(CurrentUser currentUser, StorageMaintenance maintenance) : StrataPage(currentUser)
{
    public const int Shown = 20;

    public IReadOnlyList<MaintenanceView> Checks { get; private set; } = [];

    public IReadOnlyList<MaintenanceView> Collections { get; private set; } = [];

    public bool AnyUnfinished => Unfinished(Checks);

    public bool CollectionUnfinished => Unfinished(Collections);

    public Task<IActionResult> OnPostCollectAsync(bool dryRun, CancellationToken ct) => AttemptAsync(async () =>
    {
        await maintenance.StartAsync(await ActorAsync(ct), MaintenanceKind.Gc, dryRun, ct);
        Notice = dryRun
            ? "A dry run of garbage collection is queued: it finds what nothing reaches any more and moves nothing. Reload this page to follow it."
            : "A garbage collection is queued. Uploads, snapshots and distributions go on while it works; reload this page to follow it.";
        return Redirect("/admin/storage");
    }, () => LoadAsync(ct));

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostCheckAsync(CancellationToken ct) => AttemptAsync(async () =>
    {
        await maintenance.StartAsync(await ActorAsync(ct), MaintenanceKind.Fsck, dryRun: false, ct);
        Notice = "An integrity check is queued. It reads every file and folder object a state reaches, so it takes a while on a large store: reload this page to follow it.";
        return Redirect("/admin/storage");
    }, () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Checks = await maintenance.ListAsync(await ActorAsync(ct), MaintenanceKind.Fsck, Shown, ct);
        Collections = await maintenance.ListAsync(await ActorAsync(ct), MaintenanceKind.Gc, Shown, ct);
        Crumbs.Add(new Crumb("Storage", null));
    }

    private static bool Unfinished(IReadOnlyList<MaintenanceView> runs) => runs.Any(c => c.Run.Status is MaintenanceStatus.Queued or MaintenanceStatus.Running);

    public static string Link(StateReference state) =>
        InstancePath(state.Org, state.Space, state.Instance) + (state.State == LiveRoots.Current ? "" : "#snapshots");
}
