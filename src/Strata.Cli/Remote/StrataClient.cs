using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Strata.Cli.Remote;

/// <summary>
/// The API as the CLI calls it: the bearer token on every request, and every refusal turned into the server's own
/// sentence (the problem's <c>detail</c>) so the command can print it and exit 1.
/// </summary>
public sealed class StrataClient(HttpClient http, string? token) : IDisposable
{
    public const string Api = "api/v1/";

    public Uri Server => http.BaseAddress!;

    public static StrataClient Connect(CliEnvironment env, bool signedIn = true)
    {
        var credentials = Credentials.Load(env);
        if (signedIn && credentials.Token is null)
            throw new CliException("Not signed in: run 'strata login --server URL' first, or set STRATA_TOKEN.");
        return new StrataClient(env.ConnectTo(credentials.ServerUri), credentials.Token);
    }

    public async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Api + path), ct);
        return await ReadAsync<T>(response, ct);
    }

    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct, long? ifMatch = null)
    {
        using var response = await SendAsync(Request(method, path, body, ifMatch), ct);
        return await ReadAsync<T>(response, ct);
    }

    public async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var response = await SendAsync(Request(method, path, body, null), ct);
    }

    /// <summary>The state's version: the ETag of its root listing.</summary>
    public async Task<long> VersionAsync(Address at, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Api + at.StatePath("current") + "/files"), ct);
        return Version(response);
    }

    public static long Version(HttpResponseMessage response) =>
        response.Headers.ETag is { } tag && long.TryParse(tag.Tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new CliException("The server did not say the state's version (no ETag); is it a Strata server?");

    /// <summary>Sends a request; a refusal becomes a <see cref="CliException"/> with the server's sentence.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"Cannot reach the server at {http.BaseAddress}: {e.Message}");
        }
        finally
        {
            request.Dispose();
        }
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw await RefusalAsync(response, ct);
    }

    public static async Task<Exception> RefusalAsync(HttpResponseMessage response, CancellationToken ct)
    {
        string? detail = null;
        string? code = null;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
            code = problem.TryGetProperty("code", out var c) ? c.GetString() : null;
        }
        catch (JsonException)
        {
        }
        if (response.StatusCode == HttpStatusCode.Unauthorized && code != "invalid_credentials")
            return new CliException("The server does not accept your token (signed out, revoked or expired): run 'strata login' again.");
        return new RefusedException(detail ?? $"The server answered {(int)response.StatusCode} {response.ReasonPhrase}.", code, response.StatusCode);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, object? body, long? ifMatch)
    {
        var request = new HttpRequestMessage(method, Api + path);
        if (body is not null)
            request.Content = JsonContent.Create(body, body.GetType(), options: CliJson.Options);
        if (ifMatch is { } version)
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version.ToString(CultureInfo.InvariantCulture)}\""));
        return request;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<T>(CliJson.Options, ct) ?? throw new CliException("The server sent an empty answer.");

    public void Dispose() => http.Dispose();
}

/// <summary>The server refused: its sentence, its code (e.g. version_conflict) and status.</summary>
public sealed class RefusedException(string detail, string? code, HttpStatusCode status) : Exception(detail)
{
    public string? Code { get; } = code;

    public HttpStatusCode Status { get; } = status;
}
