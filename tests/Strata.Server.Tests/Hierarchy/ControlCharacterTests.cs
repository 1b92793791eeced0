using Strata.Tests.Databases;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Strata.Core.Data;
using Strata.Core.Mail;

namespace Strata.Server.Tests.Hierarchy;

/// <summary>NUL and other control characters never get into names, descriptions or messages, nor out in mail.</summary>
public sealed class ControlCharacterTests
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";

    public static TheoryData<string, string, string, string> Refusals => new()
    {
        { "POST", "/api/v1/orgs", """{"name":"Uni\u0000versity","slug":"uv"}""", "invalid_name" },
        { "POST", "/api/v1/orgs/uni/spaces", """{"name":"Chem\u0000","type":"course"}""", "invalid_name" },
        { "POST", "/api/v1/orgs/uni/spaces", """{"name":"Chemistry","type":"course","description":"a\u0000b"}""", "invalid_request" },
        { "PATCH", Space, """{"description":"\u001b[31mred"}""", "invalid_request" },
        { "POST", $"{Space}/instances", """{"mode":"single","name":"Mine\u0007"}""", "invalid_name" },
        { "POST", $"{Space}/instances", """{"mode":"single","name":"Mine","description":"x\u0000"}""", "invalid_request" },
        { "PATCH", $"{Space}/instances/master", """{"currentStateDescription":"week\u00001"}""", "invalid_request" },
        { "POST", $"{Space}/instances/master/snapshots", """{"name":"v1\u0000"}""", "invalid_name" },
        { "POST", $"{Space}/instances/master/snapshots", """{"description":"d\u0000"}""", "invalid_request" },
        { "POST", $"{Space}/instances/master/snapshots", """{"nextPhaseDescription":"n\u0085x"}""", "invalid_request" },
        { "POST", $"{Space}/distributions", """{"source":{"instance":"master","state":"current"},"targets":{"all":true},"message":"hi\u0000"}""", "invalid_request" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task AControlCharacterIsRefused(string method, string path, string body, string code)
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        using var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, code);
        Assert.Contains("control character", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescriptionsKeepLineBreaksAndTabs()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        using var response = await admin.PatchAsJsonAsync($"{Space}/instances/master", new { currentStateDescription = "Week 1:\n\tread chapter 2" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Week 1:\n\tread chapter 2", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentStateDescription").GetString());
    }

    [Fact]
    public async Task MasterAndDistributedTakeACurrentStateDescriptionButNotANewDescription()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        // The current work's description belongs to the work, not to the instance: SPEC §1 protects only name and description.
        using var master = await admin.PatchAsJsonAsync($"{Space}/instances/master", new { currentStateDescription = "Prepare week 2" });
        using var distributed = await admin.PatchAsJsonAsync($"{Space}/instances/distributed", new { currentStateDescription = "What went out" });
        using var renamed = await admin.PatchAsJsonAsync($"{Space}/instances/master", new { description = "mine now" });

        Assert.Equal(HttpStatusCode.OK, master.StatusCode);
        Assert.Equal("Prepare week 2", (await admin.GetFromJsonAsync<JsonElement>($"{Space}/instances/master")).GetProperty("currentStateDescription").GetString());
        Assert.Equal(HttpStatusCode.OK, distributed.StatusCode);
        Assert.Equal("What went out", (await admin.GetFromJsonAsync<JsonElement>($"{Space}/instances/distributed")).GetProperty("currentStateDescription").GetString());
        await Problem.AssertAsync(renamed, HttpStatusCode.Conflict, "protected_instance");
    }

    /// <summary>SQLite only: PostgreSQL cannot store a NUL in text at all, so there no such row can exist.</summary>
    [SqliteOnlyFact]
    public async Task MailNeverCarriesANul()
    {
        await using var app = new StrataApp();
        _ = app.Services;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StrataDb>();
            // Queued before inputs refused control characters: the text came from a name stored under older rules.
            db.Outbox.Add(new OutboxMessage
            {
                To = "ann@uni.edu",
                Subject = "Invitation to Phys\0ics",
                TextBody = "Join Phys\0ics\nnow",
                HtmlBody = "<p>Join Phys\0ics</p>",
                CreatedAt = DateTimeOffset.UtcNow,
                NextAttemptAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var folder = Path.Combine(app.DataDirectory, "mail");
        for (var waited = 0; waited < 200 && !(Directory.Exists(folder) && Directory.GetFiles(folder, "*.eml").Length > 0); waited++)
            await Task.Delay(50);
        var file = Assert.Single(Directory.GetFiles(folder, "*.eml"));

        Assert.DoesNotContain((byte)0, await File.ReadAllBytesAsync(file));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("Invitation to Physics", message.Subject);
        Assert.Equal("Join Physics\nnow", message.TextBody!.ReplaceLineEndings("\n").TrimEnd());
    }

    private static async Task<HttpClient> SetUpAsync(StrataApp app)
    {
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        return admin;
    }
}
