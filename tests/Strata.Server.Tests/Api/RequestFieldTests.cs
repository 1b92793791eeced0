using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Strata.Server.Tests.Api;

/// <summary>API.md: enum fields accept only their names, and a malformed field is a 400 naming it, never a 500 or stored junk.</summary>
public sealed class RequestFieldTests
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";

    [Theory]
    [InlineData("/api/v1/orgs/uni/spaces", """{"name":"Chemistry","type":1}""", "type")]
    [InlineData("/api/v1/orgs/uni/spaces", """{"name":"Chemistry","type":"course","visibility":2}""", "visibility")]
    [InlineData("/api/v1/orgs/uni/spaces", """{"name":"Chemistry","type":"1"}""", "type")]
    [InlineData("/api/v1/orgs/uni/spaces/physics/instances", """{"mode":"single","name":"Mine","role":42}""", "role")]
    [InlineData("/api/v1/orgs/uni/spaces/physics/instances", """{"mode":"single","name":"Mine","role":"owner"}""", "role")]
    [InlineData("/api/v1/orgs/uni/spaces/physics/instances", """{"mode":"single","name":"Mine","role":"editor, viewer"}""", "role")]
    [InlineData("/api/v1/orgs/uni/invitations", """{"emails":"ann@uni.edu","role":0}""", "role")]
    [InlineData("/api/v1/orgs/uni/spaces/physics/instances/master/invitations", """{"emails":"ann@uni.edu","role":1}""", "role")]
    public async Task AnEnumFieldTakesOnlyItsNamesAndTheRefusalNamesTheField(string path, string body, string field)
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        using var response = await admin.PostAsync(path, Json(body));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var spaces = await admin.GetFromJsonAsync<JsonElement[]>("/api/v1/orgs/uni/spaces");
        Assert.Single(spaces!);
        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonElement[]>($"{Space}/instances"))!.Length);
    }

    [Fact]
    public async Task ANumericRoleIsNotStoredOnAMember()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/v1/me");

        using var response = await admin.PutAsync($"/api/v1/orgs/uni/members/{me.GetProperty("id").GetString()}", Json("""{"role":42}"""));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task ANullAmongEmailsIsAnInvalidRequest()
    {
        await using var app = new StrataApp();
        using var admin = await SetUpAsync(app);

        using var response = await admin.PostAsync($"{Space}/instances/master/invitations", Json("""{"emails":[null],"role":"viewer"}"""));
        using var separate = await admin.PostAsync($"{Space}/instances", Json("""{"mode":"separate","emails":["ann@uni.edu",null]}"""));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        var problem = await Problem.AssertAsync(separate, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("emails", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<HttpClient> SetUpAsync(StrataApp app)
    {
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        return admin;
    }
}
