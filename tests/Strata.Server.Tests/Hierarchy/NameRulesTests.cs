using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Hierarchy;

/// <summary>SPEC §1 and §4 over HTTP: how names become slugs, and which names and paths are refused.</summary>
public sealed class NameRulesTests
{
    [Fact]
    public async Task AccentedNamesGetReadableSlugs()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();

        var org = await CreatedAsync(await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Université de Genève" }));
        var space = await CreatedAsync(await admin.PostAsJsonAsync("/api/v1/orgs/universite_de_geneve/spaces", new { name = "Física Cuántica", type = "course" }));
        var instance = await CreatedAsync(await admin.PostAsJsonAsync("/api/v1/orgs/universite_de_geneve/spaces/fisica_cuantica/instances", new { mode = "single", name = "Ærø Straße" }));

        Assert.Equal("universite_de_geneve", org.GetProperty("slug").GetString());
        Assert.Equal("fisica_cuantica", space.GetProperty("slug").GetString());
        Assert.Equal("aero_strasse", instance.GetProperty("instances")[0].GetProperty("slug").GetString());
    }

    [Fact]
    public async Task RenamingASpaceOrAnInstanceKeepsItsSlug()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces/physics/instances", new { mode = "single", name = "Lab" })).EnsureSuccessStatusCode();

        using var renamedSpace = await admin.PatchAsJsonAsync("/api/v1/orgs/uni/spaces/physics", new { name = "Astronomie à Genève" });
        using var renamedInstance = await admin.PatchAsJsonAsync("/api/v1/orgs/uni/spaces/physics/instances/lab", new { name = "Labor Zürich" });

        Assert.Equal("physics", (await renamedSpace.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString());
        Assert.Equal("lab", (await renamedInstance.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString());
        var instance = await admin.GetFromJsonAsync<JsonElement>("/api/v1/orgs/uni/spaces/physics/instances/lab");
        Assert.Equal("Labor Zürich", instance.GetProperty("name").GetString());
    }

    [Fact]
    public async Task NamesWithATextDirectionCharacterAreRefusedSayingWhichAndWhatToDo()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        const string Disguised = "Grades\u202Efdp.exe";
        const string Space = "/api/v1/orgs/uni/spaces/physics";

        await AssertRefusedAsync(await admin.PostAsJsonAsync("/api/v1/orgs", new { name = Disguised, slug = "bad" }), "organisation");
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        await AssertRefusedAsync(await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = Disguised, type = "course" }), "space");
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        await AssertRefusedAsync(await admin.PatchAsJsonAsync(Space, new { name = Disguised }), "space");
        await AssertRefusedAsync(await admin.PostAsJsonAsync($"{Space}/instances", new { mode = "single", name = Disguised }), "instance");
        await AssertRefusedAsync(await admin.PostAsJsonAsync($"{Space}/instances/master/snapshots", new { name = Disguised }), "snapshot");

        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonElement[]>($"{Space}/instances"))!.Length);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement[]>($"{Space}/instances/master/snapshots"))!);
        Assert.Equal("Physics", (await admin.GetFromJsonAsync<JsonElement>(Space)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task PathsWithAnInvisibleCharacterAreRefusedButJoinersAreNot()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        const string Files = "/api/v1/orgs/uni/spaces/physics/instances/master/states/current/files";

        using var refused = await admin.PutAsync($"{Files}/week%201/invoice%E2%80%AEfdp.exe", new StringContent("x"));
        using var zeroWidth = await admin.PutAsync($"{Files}/notes%E2%80%8B.txt", new StringContent("x"));
        using var emoji = await admin.PutAsync($"{Files}/%F0%9F%91%A9%E2%80%8D%F0%9F%92%BB.txt", new StringContent("x"));

        var problem = await Problem.AssertAsync(refused, HttpStatusCode.BadRequest, "invalid_path");
        Assert.Contains("invisible or text-direction character (U+202E)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problem.AssertAsync(zeroWidth, HttpStatusCode.BadRequest, "invalid_path");
        Assert.Equal(HttpStatusCode.Created, emoji.StatusCode);
        var names = (await admin.GetFromJsonAsync<JsonElement>(Files)).GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString());
        Assert.Equal(["\U0001F469\u200D\U0001F4BB.txt"], names);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string what)
    {
        using (response)
        {
            var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_name");
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.Contains($"The {what} name contains an invisible or text-direction character (U+202E)", detail, StringComparison.Ordinal);
            Assert.Contains("Remove it", detail, StringComparison.Ordinal);
        }
    }

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }
}
