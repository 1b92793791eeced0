using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Strata.Bench.Harness;

/// <summary>
/// Debian's nginx as a child process serving a folder as static files (with autoindex for folder listings) on a free
/// loopback port: the reference for what this machine can serve. It runs in the foreground from a config file of its
/// own under a prefix folder of its own, never as the system service, and is stopped when disposed.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string prefix;
    private readonly string config;

    private NginxProcess(Process process, string prefix, string config, Uri baseAddress)
    {
        this.process = process;
        this.prefix = prefix;
        this.config = config;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Pid => process.Id;

    /// <summary>The nginx binary: on PATH, or /usr/sbin (not on an ordinary user's PATH); null when not installed.</summary>
    public static string? Binary =>
        Shell.Has("nginx") ? "nginx" : File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : null;

    /// <summary>CPU seconds of the master and its workers so far.</summary>
    public double CpuSeconds => CpuTime.Seconds(process.Id) + CpuTime.Children(process.Id).Sum(CpuTime.Seconds);

    public static async Task<NginxProcess> StartAsync(string root, string prefix)
    {
        var binary = Binary ?? throw new InvalidOperationException("nginx is not installed (apt-get install nginx).");
        Directory.CreateDirectory(prefix);
        var port = FreePort();
        var config = Path.Combine(prefix, "nginx.conf");
        // As root the workers would switch to nobody, who may not read the data folder; the bench's own user serves it.
        var user = Environment.UserName == "root" ? "user root root;\n" : "";
        File.WriteAllText(config, $$"""
            {{user}}worker_processes 2;
            daemon off;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                sendfile on;
                tcp_nopush on;
                keepalive_requests 1000000;
                client_body_temp_path {{prefix}}/body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                default_type application/octet-stream;
                server {
                    listen 127.0.0.1:{{port}};
                    root {{root}};
                    location / { autoindex on; }
                }
            }
            """);
        var start = new ProcessStartInfo(binary, ["-p", prefix + "/", "-c", config, "-e", Path.Combine(prefix, "error.log")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = prefix,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var nginx = new NginxProcess(process, prefix, config, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await nginx.WaitUntilServingAsync();
        }
        catch
        {
            await nginx.DisposeAsync();
            throw;
        }
        return nginx;
    }

    private async Task WaitUntilServingAsync()
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress };
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {ErrorLog()}");
            try
            {
                if ((await probe.GetAsync("")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"nginx did not answer within 10 seconds: {ErrorLog()}");
    }

    private string ErrorLog()
    {
        var log = Path.Combine(prefix, "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // A fast shutdown of the master and its workers, through the pid file of this config.
            try
            {
                Shell.Run(prefix, $"'{Binary}' -p '{prefix}/' -c '{config}' -e '{Path.Combine(prefix, "error.log")}' -s stop");
            }
            catch (InvalidOperationException)
            {
                // Killed below instead.
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        process.Dispose();
    }
}
