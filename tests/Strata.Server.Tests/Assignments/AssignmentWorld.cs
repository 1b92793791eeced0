using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Strata.Core.Accounts;
using Strata.Core.Assignments;
using Strata.Core.Data;
using Strata.Core.Hierarchy;

namespace Strata.Server.Tests.Assignments;

/// <summary>
/// A course "physics" of org "uni" whose Master holds hw1/task.py, hw1/data.csv and notes.md (snapshot "Week 1"), and the
/// students ann, bob and cat, each the editor of the instance of their name; vic views ann's; dan edits "dan", which no
/// assignment is given to. The clock is a fake one the test moves.
/// </summary>
internal sealed class AssignmentWorld : IAsyncDisposable
{
    public const string Space = "/api/v1/orgs/uni/spaces/physics";
    public const string Base = Space + "/assignments";

    public static readonly string[] Students = ["ann", "bob", "cat"];

    private readonly Dictionary<string, HttpClient> clients = [];

    public required StrataApp App { get; init; }

    public required HttpClient Admin { get; init; }

    public required FakeTimeProvider Clock { get; init; }

    public required string Snapshot { get; init; }

    public HttpClient As(string user) => clients[user];

    public static async Task<AssignmentWorld> CreateAsync(IReadOnlyDictionary<string, string>? settings = null, bool fakeClock = true)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // On the fake clock the test collects when it means to: the server's own deadline worker, woken by the clock's
        // advances and by moved deadlines, would race it for the same targets.
        var app = new StrataApp(settings: settings, services: fakeClock ? s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            foreach (var worker in s.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService) && d.ImplementationType?.Name == "DeadlineWorker").ToList())
                s.Remove(worker);
        } : null);
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        foreach (var (path, text) in new[] { ("hw1/task.py", "print('todo')\n"), ("hw1/data.csv", "x,y\n1,2\n"), ("notes.md", "# Notes\n") })
            (await admin.PutAsync($"{Space}/instances/master/states/current/files/{path}", new StringContent(text))).EnsureSuccessStatusCode();
        var snapshot = (await (await admin.PostAsJsonAsync($"{Space}/instances/master/snapshots", new { name = "Week 1" })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetString()!;
        var world = new AssignmentWorld { App = app, Admin = admin, Clock = clock, Snapshot = snapshot };
        foreach (var name in Students.Append("dan"))
            (await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name })).EnsureSuccessStatusCode();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StrataDb>();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        foreach (var (user, instance, role) in Students.Append("dan").Select(s => (s, s, InstanceRole.Editor)).Append(("vic", "ann", InstanceRole.Viewer)))
        {
            var account = await accounts.CreateUserAsync($"{user}@uni.edu", user, $"{user}'s password", false, default);
            var id = db.Instances.Single(i => i.Slug == instance).Id;
            db.InstanceMembers.Add(new InstanceMember { InstanceId = id, UserId = account.Id, Role = role });
            world.clients[user] = app.ClientWithToken((await accounts.CreateTokenAsync(account.Id, null, default)).Token);
        }
        await db.SaveChangesAsync();
        return world;
    }

    /// <summary>Creates an assignment of hw1 for ann, bob and cat, due in a day (on the fake clock), and waits until it is handed out.</summary>
    public async Task<JsonElement> CreateAsync(string name = "HW1", string late = "refuse", string[]? paths = null, TimeSpan? dueIn = null, DateTimeOffset? dueAt = null)
    {
        using var response = await Admin.PostAsJsonAsync(Base, new
        {
            name,
            description = "Fit the data.",
            source = new { instance = "master", state = Snapshot, paths = paths ?? ["hw1"] },
            targets = new { instances = Students },
            dueAt = dueAt ?? Clock.GetUtcNow() + (dueIn ?? TimeSpan.FromDays(1)),
            late,
        });
        response.EnsureSuccessStatusCode();
        var assignment = await response.Content.ReadFromJsonAsync<JsonElement>();
        await FinishedAsync($"{Space}/distributions/{assignment.GetProperty("handout").GetString()}");
        return assignment;
    }

    public async Task<JsonElement> FinishedAsync(string distribution)
    {
        for (var i = 0; i < 400; i++)
        {
            var job = await Admin.GetFromJsonAsync<JsonElement>(distribution);
            if (job.GetProperty("status").GetString() is not ("queued" or "running"))
                return job;
            await Task.Delay(25);
        }
        throw new TimeoutException("The distribution did not finish within 10 seconds.");
    }

    public Task<HttpResponseMessage> HandInAsync(string user, string id, string instance) =>
        As(user).PostAsJsonAsync($"{Base}/{id}/handins", new { instance });

    /// <summary>One pass of the deadline collector, as a node's worker runs it.</summary>
    public async Task<bool> CollectDueAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeadlineCollector>().CollectDueAsync(default);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients.Values)
            client.Dispose();
        Admin.Dispose();
        await App.DisposeAsync();
    }
}
