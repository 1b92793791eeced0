using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Accounts;
using Strata.Core.Data;
using Strata.Core.Hierarchy;

namespace Strata.Server.Tests.Files;

/// <summary>
/// API.md "Quotas": a space sets a per-instance quota; an instance shows its use (each distinct content once) against
/// it; an editor's write over it is refused with quota_exceeded and changes nothing; administrators and distributions
/// are not held to it, and a distribution says when it left a target over.
/// </summary>
public sealed class QuotaApiTests
{
    private const string Space = "/api/v1/orgs/uni/spaces/physics";
    private const string Ann = Space + "/instances/ann";
    private const string Files = Ann + "/states/current/files";

    [Fact]
    public async Task TheQuotaIsSetClearedAndLeftAloneByPatch()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        await CourseAsync(app, admin);

        var set = await (await admin.PatchAsJsonAsync(Space, new { instanceQuotaBytes = 100 })).Content.ReadFromJsonAsync<JsonElement>();
        var untouched = await (await admin.PatchAsJsonAsync(Space, new { description = "Mechanics" })).Content.ReadFromJsonAsync<JsonElement>();
        var instance = await admin.GetFromJsonAsync<JsonElement>(Ann);
        using var negative = await admin.PatchAsJsonAsync(Space, new { instanceQuotaBytes = -1 });
        using var text = await admin.PatchAsJsonAsync(Space, new { instanceQuotaBytes = "lots" });
        var cleared = await (await admin.PatchAsJsonAsync(Space, new { instanceQuotaBytes = (long?)null })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(100, set.GetProperty("instanceQuotaBytes").GetInt64());
        Assert.Equal(100, untouched.GetProperty("instanceQuotaBytes").GetInt64());
        Assert.Equal((100, 0), (instance.GetProperty("quotaBytes").GetInt64(), instance.GetProperty("usedBytes").GetInt64()));
        await Problem.AssertAsync(negative, HttpStatusCode.BadRequest, "invalid_request");
        await Problem.AssertAsync(text, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("instanceQuotaBytes").ValueKind);
    }

    [Fact]
    public async Task AnEditorsWriteOverTheQuotaIsRefusedAndChangesNothing()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        using var ann = await CourseAsync(app, admin);
        (await admin.PatchAsJsonAsync(Space, new { instanceQuotaBytes = 150 })).EnsureSuccessStatusCode();
        (await ann.PutAsync($"{Files}/a.txt", Bytes(60, 'a'))).EnsureSuccessStatusCode();
        (await ann.PutAsync($"{Files}/copy-of-a.txt", Bytes(60, 'a'))).EnsureSuccessStatusCode(); // the same content counts once
        (await admin.PatchAsJsonAsync(Space, new { instanceQuotaBytes = 100 })).EnsureSuccessStatusCode();
        var before = await admin.GetFromJsonAsync<JsonElement>(Ann);
        var version = (await ann.GetAsync($"{Files}")).Headers.ETag!.Tag;

        var refused = await Problem.AssertAsync(await ann.PutAsync($"{Files}/b.txt", Bytes(50, 'b')), HttpStatusCode.Conflict, "quota_exceeded");

        Assert.Equal(60, before.GetProperty("usedBytes").GetInt64());
        Assert.Equal((100, 60), (refused.GetProperty("quotaBytes").GetInt64(), refused.GetProperty("usedBytes").GetInt64()));
        Assert.Contains("may hold 100 bytes and holds 60 bytes", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"{Files}/b.txt")).StatusCode);
        Assert.Equal(version, (await ann.GetAsync($"{Files}")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task AnUploadOfAKnownLengthOverTheQuotaIsRefusedBeforeItsBytesAreStored()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        using var ann = await CourseAsync(app, admin);
        (await admin.PatchAsJsonAsync(Space, new { instanceQuotaBytes = 1000 })).EnsureSuccessStatusCode();
        var bytes = Enumerable.Repeat((byte)'x', 5000).ToArray();

        await Problem.AssertAsync(await ann.PutAsync($"{Files}/big.bin", new ByteArrayContent(bytes)), HttpStatusCode.Conflict, "quota_exceeded");

        // Refused on its Content-Length: the content never reached the store (the check at the swap comes after storing).
        var blobs = app.Services.GetRequiredService<Strata.Storage.Blobs.IBlobStore>();
        Assert.False(await blobs.ExistsAsync(Strata.Storage.ContentId.Compute(bytes), CancellationToken.None));
    }

    [Fact]
    public async Task AnUploadOfUnknownLengthIsCheckedWhenTheStateChanges()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        using var ann = await CourseAsync(app, admin);
        (await admin.PatchAsJsonAsync(Space, new { instanceQuotaBytes = 1000 })).EnsureSuccessStatusCode();
        var bytes = Enumerable.Repeat((byte)'y', 5000).ToArray();
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentLength = null;
        content.Headers.TryAddWithoutValidation("Transfer-Encoding", "chunked");

        await Problem.AssertAsync(await ann.PutAsync($"{Files}/streamed.bin", content), HttpStatusCode.Conflict, "quota_exceeded");

        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"{Files}/streamed.bin")).StatusCode);
        // Without a length the bytes had to be read (and stored, unreferenced: garbage collection takes them) to know their size.
        var blobs = app.Services.GetRequiredService<Strata.Storage.Blobs.IBlobStore>();
        Assert.True(await blobs.ExistsAsync(Strata.Storage.ContentId.Compute(bytes), CancellationToken.None));
    }

    [Fact]
    public async Task AWriteThatShrinksTheStateIsAllowedOverTheQuotaAndAdministratorsAreNotHeldToIt()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        using var ann = await CourseAsync(app, admin);
        (await ann.PutAsync($"{Files}/a.txt", Bytes(60, 'a'))).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync(Space, new { instanceQuotaBytes = 10 })).EnsureSuccessStatusCode();

        using var shrink = await ann.PutAsync($"{Files}/a.txt", Bytes(40, 'c'));
        using var byAdmin = await admin.PutAsync($"{Files}/from-teacher.txt", Bytes(30, 't'));

        Assert.Equal(HttpStatusCode.OK, shrink.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byAdmin.StatusCode);
        Assert.Equal(70, (await admin.GetFromJsonAsync<JsonElement>(Ann)).GetProperty("usedBytes").GetInt64());
    }

    [Fact]
    public async Task ARestoreOverTheQuotaIsRefused()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        using var ann = await CourseAsync(app, admin);
        (await ann.PutAsync($"{Files}/a.txt", Bytes(60, 'a'))).EnsureSuccessStatusCode();
        var snapshot = (await (await ann.PostAsJsonAsync($"{Ann}/snapshots", new { })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await ann.DeleteAsync($"{Files}/a.txt")).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync(Space, new { instanceQuotaBytes = 30 })).EnsureSuccessStatusCode();

        await Problem.AssertAsync(await ann.PostAsJsonAsync($"{Ann}/snapshots/{snapshot}/restore", new { }), HttpStatusCode.Conflict, "quota_exceeded");

        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"{Files}/a.txt")).StatusCode);
    }

    [Fact]
    public async Task ADistributionDeliversOverTheQuotaAndSaysSo()
    {
        await using var app = new StrataApp();
        using var admin = await app.AdminClientAsync();
        using var ann = await CourseAsync(app, admin);
        (await admin.PatchAsJsonAsync(Space, new { instanceQuotaBytes = 100 })).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Space}/instances/master/states/current/files/data.bin", Bytes(200, 'd'))).EnsureSuccessStatusCode();
        var snapshot = (await (await admin.PostAsJsonAsync($"{Space}/instances/master/snapshots", new { })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var created = await admin.PostAsJsonAsync($"{Space}/distributions", new { source = new { instance = "master", state = snapshot }, targets = new { instances = new[] { "ann" } } });
        var done = await FinishedAsync(admin, created.Headers.Location!.OriginalString);

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.True(Assert.Single(done.GetProperty("targets").EnumerateArray()).GetProperty("overQuota").GetBoolean());
        Assert.Equal(200, (await ann.GetAsync($"{Files}/data.bin")).Content.Headers.ContentLength);
    }

    private static Task<HttpClient> CourseAsync(StrataApp app, HttpClient admin) => CourseWithAnn.CreateAsync(app, admin);

    private static ByteArrayContent Bytes(int size, char fill) => new([.. Enumerable.Repeat((byte)fill, size)]);

    private static async Task<JsonElement> FinishedAsync(HttpClient admin, string location)
    {
        for (var i = 0; i < 200; i++)
        {
            var job = await admin.GetFromJsonAsync<JsonElement>(location);
            if (job.GetProperty("status").GetString() is not ("queued" or "running"))
                return job;
            await Task.Delay(50);
        }
        throw new TimeoutException("The distribution did not finish within 10 seconds.");
    }
}
