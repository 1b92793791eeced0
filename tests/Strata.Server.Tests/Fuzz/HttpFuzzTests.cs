using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Strata.Server.Tests.Fuzz;

/// <summary>
/// A few thousand random, mostly malformed requests against every kind of endpoint, as an admin, a
/// student and nobody: none may answer 5xx. Seeded and bounded in time; a failure prints its seed, and
/// STRATA_FUZZ_SEED=n replays exactly that run.
/// </summary>
public sealed class HttpFuzzTests(ITestOutputHelper output)
{
    private const int Requests = 3_000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    private static readonly string[] Templates =
    [
        "/api/v1/me", "/api/v1/orgs", "/api/v1/orgs/{org}", "/api/v1/orgs/{org}/members", "/api/v1/orgs/{org}/members/{id}",
        "/api/v1/orgs/{org}/audit?limit={num}&actor={text}&from={text}", "/api/v1/orgs/{org}/spaces", "/api/v1/orgs/{org}/spaces/{space}",
        "/api/v1/orgs/{org}/spaces/{space}/users", "/api/v1/orgs/{org}/spaces/{space}/invitations", "/api/v1/orgs/{org}/spaces/{space}/storage",
        "/api/v1/orgs/{org}/spaces/{space}/instances", "/api/v1/orgs/{org}/spaces/{space}/instances?limit={num}&offset={num}",
        "/api/v1/orgs/{org}/spaces/{space}/instances/{inst}", "/api/v1/orgs/{org}/spaces/{space}/instances/{inst}/members",
        "/api/v1/orgs/{org}/spaces/{space}/instances/{inst}/invitations", "/api/v1/orgs/{org}/spaces/{space}/instances/{inst}/storage",
        "/api/v1/orgs/{org}/spaces/{space}/instances/{inst}/states/{state}/files/{path}",
        "/api/v1/orgs/{org}/spaces/{space}/instances/{inst}/states/{state}/folders/{path}",
        "/api/v1/orgs/{org}/spaces/{space}/instances/{inst}/states/{state}/move", "/api/v1/orgs/{org}/spaces/{space}/instances/{inst}/states/{state}/copy",
        "/api/v1/orgs/{org}/spaces/{space}/instances/{inst}/states/{state}/zip/{path}",
        "/api/v1/orgs/{org}/spaces/{space}/instances/{inst}/states/{state}/diff?against={text}",
        "/api/v1/orgs/{org}/spaces/{space}/instances/{inst}/states/{state}/diff/{path}?against={text}",
        "/api/v1/orgs/{org}/spaces/{space}/instances/{inst}/snapshots", "/api/v1/orgs/{org}/spaces/{space}/instances/{inst}/snapshots/{id}",
        "/api/v1/orgs/{org}/spaces/{space}/instances/{inst}/snapshots/{id}/restore",
        "/api/v1/orgs/{org}/spaces/{space}/distributions", "/api/v1/orgs/{org}/spaces/{space}/distributions/{id}",
        "/api/v1/orgs/{org}/spaces/{space}/distributions/{id}/cancel", "/api/v1/orgs/{org}/spaces/{space}/distributions/{id}/recall",
        "/api/v1/invitations/{text}", "/api/v1/invitations/{text}/accept", "/api/v1/invitations/{id}/resend", "/api/v1/auth/tokens",
        "/api/v1/auth/tokens/{id}", "/api/v1/auth/password-reset", "/api/v1/auth/password-reset/{text}", "/api/v1/admin/users?q={text}",
        "/api/v1/admin/users/{id}", "/", "/signin?returnUrl={text}", "/orgs/{org}", "/orgs/{org}/spaces/{space}",
        "/orgs/{org}/spaces/{space}/instances/{inst}?path={path}&info={path}", "/orgs/{org}/spaces/{space}/users?q={text}&p={num}",
        "/orgs/{org}/spaces/{space}/distribute", "/orgs/{org}/audit?p={num}", "/invitations/{text}", "/reset-password/{text}", "/admin/users?q={text}",
    ];

    private static readonly string[] Fields =
    [
        "name", "slug", "type", "visibility", "role", "emails", "mode", "content", "source", "targets", "strategy", "paths", "from", "to",
        "fromState", "description", "password", "email", "instance", "state", "instances", "all", "except", "notify", "message", "autoSnapshot",
        "disabled", "isPlatformAdmin", "userId", "dryRun", "currentStateDescription",
    ];

    [Fact]
    public async Task RandomMalformedRequestsNeverAnswer5xx()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("STRATA_FUZZ_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"Fuzz seed: {seed} (replay with STRATA_FUZZ_SEED={seed})");
        var random = new Random(seed);
        await using var app = new StrataApp();
        var (admin, student, nobody) = await WorldAsync(app);
        var clients = new[] { admin, student, nobody };
        var failures = new List<string>();
        var watch = Stopwatch.StartNew();
        var sent = 0;
        for (; sent < Requests && watch.Elapsed < Budget; sent++)
        {
            using var request = Request(random);
            var summary = $"{request.Method} {request.RequestUri} {(request.Content is null ? "" : await request.Content.ReadAsStringAsync())}";
            try
            {
                using var response = await clients[random.Next(clients.Length)].SendAsync(request);
                if ((int)response.StatusCode >= 500)
                    failures.Add($"{(int)response.StatusCode} ← {Shorten(summary)}");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"{e.GetType().Name}: {Shorten(e.Message)} ← {Shorten(summary)}");
            }
        }
        output.WriteLine($"{sent} requests in {watch.Elapsed.TotalSeconds:0.0} s.");
        Assert.True(failures.Count == 0,
            $"Seed {seed}: {failures.Count} of {sent} requests failed on the server:\n" + string.Join('\n', failures.Distinct().Take(15)));
    }

    private static async Task<(HttpClient Admin, HttpClient Student, HttpClient Nobody)> WorldAsync(StrataApp app)
    {
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Uni", slug = "uni" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces", new { name = "Physics", type = "course" })).EnsureSuccessStatusCode();
        (await admin.PutAsync("/api/v1/orgs/uni/spaces/physics/instances/master/states/current/files/lab/a.py", new StringContent("print(1)\n"))).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/orgs/uni/spaces/physics/instances", new { mode = "separate", emails = "ann@uni.edu" })).EnsureSuccessStatusCode();
        using (var anonymous = app.CreateClient())
            (await anonymous.PostAsJsonAsync($"/api/v1/invitations/{await Mailbox.InvitationTokenAsync(app, "ann@uni.edu")}/accept", new { name = "Ann", password = "ann password" })).EnsureSuccessStatusCode();
        var student = app.ClientWithToken((await app.CreateTokenAsync("ann@uni.edu", "ann password")).Token);
        return (admin, student, app.CreateClient());
    }

    private static HttpRequestMessage Request(Random random)
    {
        var methods = new[] { HttpMethod.Get, HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Head };
        var method = methods[random.Next(methods.Length)];
        var template = Templates[random.Next(Templates.Length)];
        var url = new StringBuilder(template);
        Fill(url, "{org}", () => Pick(random, "uni", "uni", "nope", Text(random)));
        Fill(url, "{space}", () => Pick(random, "physics", "physics", "nope", Text(random)));
        Fill(url, "{inst}", () => Pick(random, "master", "ann", "distributed", "nope", Text(random)));
        Fill(url, "{state}", () => Pick(random, "current", "current", Guid.NewGuid().ToString(), Text(random)));
        Fill(url, "{path}", () => Pick(random, "lab/a.py", "lab", "new/ﬁle.txt", "a/../b", "%2F", "x%00y", Text(random), string.Join('/', Enumerable.Repeat("Résumé", random.Next(1, 400)))));
        Fill(url, "{id}", () => Pick(random, Guid.NewGuid().ToString(), "0", "-1", Text(random)));
        Fill(url, "{num}", () => Pick(random, "0", "1", "-5", "1001", "99999999999999999999", "abc", ""));
        Fill(url, "{text}", () => Text(random));
        // Kestrel refuses a NUL in the path with 400 before Strata sees it (and the test server throws): keep NULs to queries and bodies.
        var query = url.ToString().IndexOf('?', StringComparison.Ordinal);
        var target = query < 0 ? url.ToString().Replace("%00", "", StringComparison.Ordinal)
            : url.ToString()[..query].Replace("%00", "", StringComparison.Ordinal) + url.ToString()[query..];
        var request = new HttpRequestMessage(method, target);
        if (method != HttpMethod.Get && method != HttpMethod.Head && random.Next(4) > 0)
        {
            var body = Body(random);
            request.Content = new StringContent(body, Encoding.UTF8, Pick(random, "application/json", "application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"));
        }
        if (random.Next(5) == 0)
            request.Headers.TryAddWithoutValidation("If-Match", Pick(random, "\"1\"", "W/\"1\"", "*", "garbage", "\"-1\"", "\"99999999999999999999\""));
        return request;
    }

    private static void Fill(StringBuilder url, string placeholder, Func<string> value)
    {
        for (var at = url.ToString().IndexOf(placeholder, StringComparison.Ordinal); at >= 0; at = url.ToString().IndexOf(placeholder, StringComparison.Ordinal))
            url.Remove(at, placeholder.Length).Insert(at, Escape(value()));
    }

    /// <summary>Escaped as a client would; a value with its own % signs is sent as it is (malformed escapes are part of the fuzz).</summary>
    private static string Escape(string value) => value.Contains('%', StringComparison.Ordinal)
        ? value.Replace("\u0000", "%00", StringComparison.Ordinal)
        : Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal);

    private static string Body(Random random)
    {
        switch (random.Next(6))
        {
            case 0: return Pick(random, "", "{", "[", "null", "42", "\"x\"", "{\"a\":", "\u0000", "{}{}");
            case 1: return new string('[', random.Next(1, 200));
            default:
                var body = new Dictionary<string, object?>();
                for (var i = random.Next(1, 6); i > 0; i--)
                    body[Fields[random.Next(Fields.Length)]] = Value(random, depth: 0);
                return JsonSerializer.Serialize(body);
        }
    }

    private static object? Value(Random random, int depth) => random.Next(depth > 1 ? 9 : 12) switch
    {
        0 => null,
        1 => random.Next(-3, 100),
        2 => long.MaxValue,
        3 => 1e300,
        4 => true,
        5 => "",
        6 => Text(random),
        7 => Pick(random, "admin", "editor", "viewer", "course", "research", "public", "merge", "overwrite", "separate", "joint", "single", "current", "master", "lab/a.py", "ann@uni.edu"),
        8 => new string('x', random.Next(1_000, 5_000)),
        9 => new[] { Value(random, depth + 1), Value(random, depth + 1) },
        10 => new object?[] { null },
        _ => new Dictionary<string, object?> { [Fields[random.Next(Fields.Length)]] = Value(random, depth + 1) },
    };

    private static string Text(Random random)
    {
        var pieces = new[] { "a", "Résumé", "..", "/", "\\", "%", "%00", "\u0000", "\u0007", "\n", " ", "‮", "😀", "C:", "CON", "<script>", "'", "\"", "?", "#", "&", "=", "inv_", "reset_" };
        var text = new StringBuilder();
        for (var i = random.Next(0, 8); i > 0; i--)
            text.Append(pieces[random.Next(pieces.Length)]);
        return text.ToString();
    }

    private static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
