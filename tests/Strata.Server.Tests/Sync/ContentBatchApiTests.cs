using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Hierarchy;
using Strata.Server.Tests.Admin;

namespace Strata.Server.Tests.Sync;

/// <summary>
/// The batch content API (SPEC §11): ask what is missing, upload by hash, apply many changes as one update; and the
/// rule that content is never revealed by its hash (naming another organisation's file neither attaches it nor says
/// that it exists).
/// </summary>
public sealed class ContentBatchApiTests
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";
    private const string Ann = $"{Space}/instances/ann/states/current";

    [Fact]
    public async Task ContentSentByHashAndManyChangesLandAsOneNewVersion()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        using var ann = await CourseAsync(app, admin);
        (await ann.PutAsync($"{Ann}/files/old.txt", Text("old"))).EnsureSuccessStatusCode();
        (await ann.PutAsync($"{Ann}/files/keep/moved.txt", Text("moved"))).EnsureSuccessStatusCode();
        var version = await VersionAsync(ann);
        var (a, b) = ("alpha\n", "beta\n");

        var missing = await MissingAsync(ann, Hash(a), Hash(b), Hash("moved"));
        Assert.Equal(new[] { Hash(a), Hash(b) }.Order(StringComparer.Ordinal), missing);
        using (var put = await ann.PutAsync($"{Ann}/contents/{Hash(a)}", Text(a)))
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using (var again = await ann.PutAsync($"{Ann}/contents/{Hash(a)}", Text(a)))
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        (await ann.PutAsync($"{Ann}/contents/{Hash(b)}", Text(b))).EnsureSuccessStatusCode();
        Assert.Empty(await MissingAsync(ann, Hash(a), Hash(b)));

        using var applied = await ChangesAsync(ann, version, new { op = "put", path = "src/a.txt", hash = Hash(a) }, new { op = "put", path = "b.txt", hash = Hash(b) },
            new { op = "put", path = "copy of moved.txt", hash = Hash("moved") }, new { op = "delete", path = "old.txt" },
            new { op = "move", from = "keep/moved.txt", to = "kept/moved.txt" }, new { op = "folder", path = "empty" });

        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal(version + 1, (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());
        Assert.Equal($"\"{version + 1}\"", applied.Headers.ETag!.Tag);
        Assert.Equal(a, await ann.GetStringAsync($"{Ann}/files/src/a.txt"));
        Assert.Equal("moved", await ann.GetStringAsync($"{Ann}/files/copy%20of%20moved.txt"));
        var manifest = await ann.GetFromJsonAsync<JsonElement>($"{Ann}/manifest");
        Assert.Equal(version + 1, manifest.GetProperty("version").GetInt64());
        Assert.Equal(["b.txt", "copy of moved.txt", "kept/moved.txt", "src/a.txt"], manifest.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToArray());
        Assert.Equal(Hash(a), manifest.GetProperty("files")[3].GetProperty("hash").GetString());
        Assert.Equal(["empty", "keep", "kept", "src"], manifest.GetProperty("folders").EnumerateArray().Select(f => f.GetString()!).ToArray());
    }

    [Fact]
    public async Task TheHashOfAnotherOrganisationsFileIsNeitherAttachedNorRevealed()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        using var ann = await CourseAsync(app, admin);
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Other", slug = "other" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/other/spaces", new { name = "Secret", type = "research" })).EnsureSuccessStatusCode();
        const string Secret = "the exam answers";
        (await admin.PutAsync("/api/v1/orgs/other/spaces/secret/instances/master/states/current/files/answers.txt", Text(Secret))).EnsureSuccessStatusCode();
        var nowhere = Hash("exists nowhere at all");
        var version = await VersionAsync(ann);

        Assert.Equal([Hash(Secret)], await MissingAsync(ann, Hash(Secret)));
        Assert.Equal([nowhere], await MissingAsync(ann, nowhere));
        using var attach = await ChangesAsync(ann, version, new { op = "put", path = "answers.txt", hash = Hash(Secret) });
        using var invent = await ChangesAsync(ann, version, new { op = "put", path = "answers.txt", hash = nowhere });

        Assert.Equal(HttpStatusCode.BadRequest, attach.StatusCode);
        var (existing, absent) = (await attach.Content.ReadFromJsonAsync<JsonElement>(), await invent.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal("invalid_request", existing.GetProperty("code").GetString());
        Assert.Equal(absent.GetProperty("detail").GetString()!.Replace(nowhere, "H", StringComparison.Ordinal),
            existing.GetProperty("detail").GetString()!.Replace(Hash(Secret), "H", StringComparison.Ordinal));
        Assert.Equal(version, await VersionAsync(ann));
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"{Ann}/files/answers.txt")).StatusCode);
    }

    [Fact]
    public async Task ABodyThatDoesNotHashToItsNameIsRefusedAndStillMissing()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        using var ann = await CourseAsync(app, admin);

        using var put = await ann.PutAsync($"{Ann}/contents/{Hash("what I meant")}", Text("what arrived"));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains(Hash("what arrived"), (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal([Hash("what I meant")], await MissingAsync(ann, Hash("what I meant")));
        using var bad = await ann.PutAsync($"{Ann}/contents/not-a-hash", Text("x"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task APackStagesManyContentsInOneRequestOrNoneWhenOnePartIsWrong()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        using var ann = await CourseAsync(app, admin);
        using var pack = new MultipartFormDataContent
        {
            { Text("one"), Hash("one"), Hash("one") },
            { Text("two"), Hash("two"), Hash("two") },
        };

        using var stored = await ann.PostAsync($"{Ann}/contents", pack);

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(2, (await stored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stored").GetArrayLength());
        Assert.Empty(await MissingAsync(ann, Hash("one"), Hash("two")));
        using var wrong = new MultipartFormDataContent
        {
            { Text("three"), Hash("three"), Hash("three") },
            { Text("not four"), Hash("four"), Hash("four") },
        };
        using var refused = await ann.PostAsync($"{Ann}/contents", wrong);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"Content {Hash("four")}", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(new[] { Hash("three"), Hash("four") }.Order(StringComparer.Ordinal), await MissingAsync(ann, Hash("three"), Hash("four")));
        using var notMultipart = await ann.PostAsync($"{Ann}/contents", Text("raw"));
        Assert.Equal(HttpStatusCode.BadRequest, notMultipart.StatusCode);
    }

    [Fact]
    public async Task AStaleVersionChangesNothingAndContentOfTheInstancesOwnSnapshotsNeedsNoUpload()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        using var ann = await CourseAsync(app, admin);
        (await ann.PutAsync($"{Ann}/files/draft.txt", Text("draft one"))).EnsureSuccessStatusCode();
        var snapshot = (await (await ann.PostAsJsonAsync($"{Space}/instances/ann/snapshots", new { })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await ann.DeleteAsync($"{Ann}/files/draft.txt")).EnsureSuccessStatusCode();
        var version = await VersionAsync(ann);

        Assert.Empty(await MissingAsync(ann, Hash("draft one")));
        using var stale = await ChangesAsync(ann, version - 1, new { op = "put", path = "back.txt", hash = Hash("draft one") });
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("version_conflict", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var missingFile = await ChangesAsync(ann, version, new { op = "put", path = "back.txt", hash = Hash("draft one") }, new { op = "delete", path = "nothing-here.txt" });
        Assert.Equal(HttpStatusCode.NotFound, missingFile.StatusCode);
        Assert.Equal(version, await VersionAsync(ann));

        (await ChangesAsync(ann, version, new { op = "put", path = "back.txt", hash = Hash("draft one") })).EnsureSuccessStatusCode();
        Assert.Equal("draft one", await ann.GetStringAsync($"{Ann}/files/back.txt"));
        using var toSnapshot = await ann.PostAsJsonAsync($"{Space}/instances/ann/states/{snapshot}/changes", new { changes = new[] { new { op = "delete", path = "draft.txt" } } });
        Assert.Equal(HttpStatusCode.Conflict, toSnapshot.StatusCode);
        Assert.Equal("snapshot_immutable", (await toSnapshot.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var badOp = await ann.PostAsJsonAsync($"{Ann}/changes", new { changes = new[] { new { op = "rename", path = "back.txt" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badOp.StatusCode);
        using var badPath = await ann.PostAsJsonAsync($"{Ann}/changes", new { changes = new[] { new { op = "folder", path = "a/../b" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badPath.StatusCode);
    }

    /// <summary>Uploaded content waits for its batch through a collection with no grace period.</summary>
    [Fact]
    public async Task ACollectionBetweenTheUploadAndTheBatchKeepsTheUploadedContent()
    {
        await using var app = new StrataApp(settings: new Dictionary<string, string> { ["STRATA_GC_GRACE_SECONDS"] = "0" });
        using var admin = await app.AdminClientAsync();
        using var ann = await CourseAsync(app, admin);
        const string Content = "uploaded, not yet referenced";
        (await ann.PutAsync($"{Ann}/contents/{Hash(Content)}", Text(Content))).EnsureSuccessStatusCode();
        var version = await VersionAsync(ann);

        using var gc = await admin.PostAsJsonAsync("/api/v1/admin/gc", new { });
        var run = await MaintenanceRuns.FinishedAsync(admin, gc.Headers.Location!.OriginalString);
        Assert.Equal("succeeded", run.GetProperty("status").GetString());

        (await ChangesAsync(ann, version, new { op = "put", path = "late.txt", hash = Hash(Content) })).EnsureSuccessStatusCode();
        Assert.Equal(Content, await ann.GetStringAsync($"{Ann}/files/late.txt"));
    }

    [Fact]
    public async Task AViewerMayReadTheManifestButNotSendContent()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        using var ann = await CourseAsync(app, admin, InstanceRole.Viewer);

        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync($"{Ann}/manifest")).StatusCode);
        using var put = await ann.PutAsync($"{Ann}/contents/{Hash("x")}", Text("x"));
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        using var ask = await ann.PostAsJsonAsync($"{Ann}/contents/missing", new { hashes = new[] { Hash("x") } });
        Assert.Equal(HttpStatusCode.Forbidden, ask.StatusCode);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static ByteArrayContent Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<string[]> MissingAsync(HttpClient client, params string[] hashes)
    {
        using var response = await client.PostAsJsonAsync($"{Ann}/contents/missing", new { hashes });
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("missing").EnumerateArray().Select(h => h.GetString()!).Order(StringComparer.Ordinal)];
    }

    private static async Task<HttpResponseMessage> ChangesAsync(HttpClient client, long version, params object[] changes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Ann}/changes") { Content = JsonContent.Create(new { changes }) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return await client.SendAsync(request);
    }

    private static async Task<long> VersionAsync(HttpClient client)
    {
        using var response = await client.GetAsync($"{Ann}/files");
        return long.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task<HttpClient> CourseAsync(StrataApp app, HttpClient admin, InstanceRole role = InstanceRole.Editor) => CourseWithAnn.CreateAsync(app, admin, role);
}
