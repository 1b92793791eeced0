using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Overview;

/// <summary>Adding a class by email as teachers paste it, and reading long lists a page at a time (API.md "Lists").</summary>
public sealed class ClassListTests
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";

    private static async Task<HttpClient> SetUpAsync(StrataApp app)
    {
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        return admin;
    }

    private static async Task<JsonElement> AddAsync(HttpClient admin, string emails)
    {
        using var response = await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "separate", emails });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task AddingSomeoneWhoHasAnInstanceAlreadySkipsThemWithAWarningInsteadOfMakingAnn2()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        await AddAsync(admin, "ann@uni.edu");

        var again = await AddAsync(admin, "ANN@uni.edu, bob@uni.edu");

        Assert.Equal(["bob"], again.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("slug").GetString()));
        var skipped = Assert.Single(again.GetProperty("skipped").EnumerateArray());
        Assert.Equal("ann", skipped.GetProperty("instance").GetString());
        Assert.Contains(again.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("already has the instance \"ann\"", StringComparison.Ordinal));
        var slugs = (await admin.GetFromJsonAsync<JsonElement[]>($"{Space}/instances"))!.Select(i => i.GetProperty("slug").GetString()).ToList();
        Assert.DoesNotContain("ann_2", slugs);
        // Ann's first invitation is still the one that works: still pending, not replaced.
        var pending = await admin.GetFromJsonAsync<JsonElement[]>($"{Space}/invitations");
        Assert.Single(pending!, p => p.GetProperty("email").GetString() == "ann@uni.edu");
    }

    [Fact]
    public async Task PastedListsWithDisplayNamesMixedSeparatorsAndDuplicatesAreUnderstoodAndTyposFlagged()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        var created = await AddAsync(admin, "\"Smith, Ann\" <ann@uni.edu>; Bob Jones <bob@uni.edu>,cleo@uni.edu\n dan@uni.edu  ann@uni.edu; eve@gmial.com");

        Assert.Equal(["Smith, Ann", "Bob Jones", "cleo", "dan", "eve"], created.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(["eve@gmial.com: did you mean @gmail.com?"], created.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task ListsComeAPageAtATimeWithALinkToTheNext()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        await AddAsync(admin, "a1@uni.edu a2@uni.edu a3@uni.edu a4@uni.edu a5@uni.edu");

        var seen = new List<string>();
        var url = $"{Space}/instances?limit=3";
        var pages = 0;
        while (url is not null)
        {
            using var response = await admin.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var items = await response.Content.ReadFromJsonAsync<JsonElement[]>();
            Assert.InRange(items!.Length, 1, 3);
            seen.AddRange(items.Select(i => i.GetProperty("slug").GetString()!));
            url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('>')[0].TrimStart('<') : null;
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal((await admin.GetFromJsonAsync<JsonElement[]>($"{Space}/instances"))!.Select(i => i.GetProperty("slug").GetString()), seen);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("ten")]
    public async Task ALimitOutsideOneToAThousandIsRefused(string limit)
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        await Problem.AssertAsync(await admin.GetAsync($"{Space}/instances?limit={limit}"), HttpStatusCode.BadRequest, "invalid_request");
    }
}
