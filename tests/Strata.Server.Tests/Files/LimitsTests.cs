using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.Blobs;

namespace Strata.Server.Tests.Files;

/// <summary>What one editor's requests may cost is bounded: state size and file count, uploads, zips, instances per request; a full disk is a clear 507.</summary>
public sealed class LimitsTests
{
    private const string Files = "/api/v1/orgs/uni/spaces/physics/instances/master/states/current/files";
    private const string State = "/api/v1/orgs/uni/spaces/physics/instances/master/states/current";

    private static async Task<HttpClient> AdminAsync(WebApplicationFactory<Program> server)
    {
        var client = server.CreateClient();
        using var token = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email = StrataApp.AdminEmail, password = StrataApp.AdminPassword });
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        (await client.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        return client;
    }

    [Fact]
    public async Task AStateHoldsExactlyStrataStateMaxFilesFilesAndDeletingStillWorks()
    {
        await using var app = new StrataApp();
        await using var server = app.WithWebHostBuilder(b => b.UseSetting("STRATA_STATE_MAX_FILES", "3"));
        using var admin = await AdminAsync(server);
        for (var i = 1; i <= 3; i++)
            (await admin.PutAsync($"{Files}/f{i}.txt", new StringContent("x"))).EnsureSuccessStatusCode();

        var problem = await Problem.AssertAsync(await admin.PutAsync($"{Files}/f4.txt", new StringContent("x")), HttpStatusCode.Conflict, "limit_exceeded");

        Assert.Contains("STRATA_STATE_MAX_FILES", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Files}/f4.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Files}/f1.txt")).StatusCode);
        (await admin.PutAsync($"{Files}/f1.txt", new StringContent("back"))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task NestedFolderCopiesCannotGrowAStatePastStrataStateMaxBytes()
    {
        await using var app = new StrataApp();
        await using var server = app.WithWebHostBuilder(b => b.UseSetting("STRATA_STATE_MAX_BYTES", "400"));
        using var admin = await AdminAsync(server);
        (await admin.PutAsync($"{Files}/a/data.bin", new ByteArrayContent(new byte[100]))).EnsureSuccessStatusCode();

        var copies = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            // The folder into itself: each copy doubles what it holds, for free.
            using var copy = await admin.PostAsJsonAsync($"{State}/copy", new { from = "a", to = $"a/copy{i}" });
            copies.Add(copy.StatusCode);
            if (copy.StatusCode != HttpStatusCode.Created)
            {
                var problem = await Problem.AssertAsync(copy, HttpStatusCode.Conflict, "limit_exceeded");
                Assert.Contains("STRATA_STATE_MAX_BYTES", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        // 100 → 200 → 400 bytes (exactly the limit is allowed) → 800 refused, and so is anything after.
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.Conflict], copies);
    }

    [Fact]
    public async Task AnUploadOverStrataMaxUploadBytesIs413WithOrWithoutALengthAndLeavesNothing()
    {
        await using var app = new StrataApp();
        await using var server = app.WithWebHostBuilder(b => b.UseSetting("STRATA_MAX_UPLOAD_BYTES", "10"));
        using var admin = await AdminAsync(server);

        var declared = await Problem.AssertAsync(await admin.PutAsync($"{Files}/big.bin", new ByteArrayContent(new byte[11])), HttpStatusCode.RequestEntityTooLarge, "too_large");
        var streamed = new StreamContent(new MemoryStream(new byte[11]));
        streamed.Headers.ContentLength = null;
        using var chunked = new HttpRequestMessage(HttpMethod.Put, $"{Files}/big.bin") { Content = streamed };
        chunked.Headers.TransferEncodingChunked = true;
        await Problem.AssertAsync(await admin.SendAsync(chunked), HttpStatusCode.RequestEntityTooLarge, "too_large");

        Assert.Contains("STRATA_MAX_UPLOAD_BYTES", declared.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Files}/big.bin")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync($"{Files}/exact.bin", new ByteArrayContent(new byte[10]))).StatusCode);
    }

    [Fact]
    public async Task AZipOverItsLimitIsRefusedBeforeAByteIsSent()
    {
        await using var app = new StrataApp();
        await using var server = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(new ContentLimits { ZipMaxBytes = 150 })));
        using var admin = await AdminAsync(server);
        (await admin.PutAsync($"{Files}/small/a.bin", new ByteArrayContent(new byte[100]))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Files}/big/a.bin", new ByteArrayContent(new byte[100]))).EnsureSuccessStatusCode();
        (await admin.PutAsync($"{Files}/big/b.bin", new ByteArrayContent(new byte[100]))).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"{State}/zip/small")).StatusCode);
        await Problem.AssertAsync(await admin.GetAsync($"{State}/zip/big"), HttpStatusCode.Conflict, "limit_exceeded");
        await Problem.AssertAsync(await admin.GetAsync($"{State}/zip"), HttpStatusCode.Conflict, "limit_exceeded");
    }

    [Fact]
    public async Task OneRequestCreatesAtMostTheInstanceLimitAndOverItNothingAtAll()
    {
        await using var app = new StrataApp();
        await using var server = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(new ContentLimits { MaxInstancesPerRequest = 2 })));
        using var admin = await AdminAsync(server);

        using var over = await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces/physics/instances", new { mode = "separate", emails = "a@uni.edu b@uni.edu c@uni.edu" });

        await Problem.AssertAsync(over, HttpStatusCode.Conflict, "limit_exceeded");
        var instances = await admin.GetFromJsonAsync<JsonElement[]>("/api/v1/orgs/uni/spaces/physics/instances");
        Assert.DoesNotContain(instances!, i => i.GetProperty("slug").GetString() is "a" or "b" or "c");
    }

    [Fact]
    public async Task AFullDiskIs507WithASentenceAndReadingGoesOn()
    {
        await using var app = new StrataApp();
        var full = new FullDisk();
        await using var server = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IBlobStore>(provider => full.Over(new FileSystemBlobStore(Path.Combine(app.DataDirectory, "content", "blobs"))))));
        using var admin = await AdminAsync(server);
        (await admin.PutAsync($"{Files}/kept.txt", new StringContent("kept"))).EnsureSuccessStatusCode();

        full.Now = true;
        var problem = await Problem.AssertAsync(await admin.PutAsync($"{Files}/new.txt", new StringContent("new")), HttpStatusCode.InsufficientStorage, "insufficient_storage");

        Assert.Contains("full", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("kept", await admin.GetStringAsync($"{Files}/kept.txt"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Files}/new.txt")).StatusCode);
    }

    /// <summary>A content store whose disk fills up on command: the write fails as Linux reports ENOSPC.</summary>
    private sealed class FullDisk
    {
        public bool Now { get; set; }

        public IBlobStore Over(IBlobStore inner) => new Store(inner, this);

        private sealed class Store(IBlobStore inner, FullDisk disk) : IBlobStore
        {
            public Task<BlobWriteResult> PutAsync(Stream content, CancellationToken ct) =>
                disk.Now ? throw new IOException("No space left on device", 28) : inner.PutAsync(content, ct);

            public Task<Stream> OpenReadAsync(ContentId id, CancellationToken ct) => inner.OpenReadAsync(id, ct);

            public Task<bool> ExistsAsync(ContentId id, CancellationToken ct) => inner.ExistsAsync(id, ct);

            public Task<long?> GetSizeAsync(ContentId id, CancellationToken ct) => inner.GetSizeAsync(id, ct);

            public Task ProbeAsync(CancellationToken ct) => inner.ProbeAsync(ct);
        }
    }
}
