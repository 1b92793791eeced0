using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Server.Tests.Hierarchy;

/// <summary>SPEC §1 and §4 over HTTP: how names become slugs, and which names are refused.</summary>
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

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }
}
