using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strata.Server.Tests.Files;

/// <summary>Comparing states of two instances of a space: a student's work against the Master snapshot, never a state the caller cannot read.</summary>
public sealed class CrossInstanceDiffTests
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";

    [Fact]
    public async Task AStudentsWorkComparesWithTheMasterSnapshotButNotWithAnotherStudents()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course", visibility = "public" })).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Space}/instances/master/states/current/files/sheet.md", new StringContent("solve x\n"))).EnsureSuccessStatusCode();
        var week1 = (await (await admin.PostAsJsonAsync($"{Space}/instances/master/snapshots", new { name = "Week 1" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "separate", emails = "ann@uni.edu bob@uni.edu", content = new { instance = "master", state = week1 } })).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Space}/instances/ann/states/current/files/sheet.md", new StringContent("solve x\nx = 2\n"))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Space}/instances/ann/states/current/files/notes.txt", new StringContent("mine"))).EnsureSuccessStatusCode();

        var diff = await admin.GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/states/current/diff?against=master/{week1}");
        Assert.Equal(["added notes.txt", "modified sheet.md"], diff.GetProperty("changes").EnumerateArray().Select(c => $"{c.GetProperty("change").GetString()} {c.GetProperty("path").GetString()}"));
        var lines = await admin.GetFromJsonAsync<JsonElement>($"{Space}/instances/ann/states/current/diff/sheet.md?against=master/{week1}");
        Assert.Contains(lines.GetProperty("hunks")[0].GetProperty("lines").EnumerateArray(), l => l.GetProperty("text").GetString() == "x = 2");

        // Ann reads Master (a public space) but not Bob's instance: comparing with it is not found, as Bob's instance is to her.
        var invitation = await Mailbox.InvitationTokenAsync(app, "ann@uni.edu");
        using (var anonymous = app.CreateClient())
            (await anonymous.PostAsJsonAsync($"/api/v1/invitations/{invitation}/accept", new { name = "Ann", password = "ann password" })).EnsureSuccessStatusCode();
        using var ann = app.ClientWithToken((await app.CreateTokenAsync("ann@uni.edu", "ann password")).Token);
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync($"{Space}/instances/ann/states/current/diff?against=master/{week1}")).StatusCode);
        await Problem.AssertAsync(await ann.GetAsync($"{Space}/instances/ann/states/current/diff?against=bob/current"), HttpStatusCode.NotFound, "not_found");
    }
}
