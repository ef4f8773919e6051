using System.Diagnostics;
using Obs.Cli.Cluster;

namespace Obs.Testing;

/// <summary>An apiserver as its own process (`obs apiserver`), for tests of several processes on one database.</summary>
public sealed class ApiServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ApiServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public string Server => $"https://127.0.0.1:{Port}";

    public static async Task<ApiServerProcess> StartAsync(string databaseUrl)
    {
        var port = FreePort.Next();
        var obsDll = typeof(LocalCluster).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [obsDll, "apiserver", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tls-cert-file", TestPki.Pki.ServingCertFile, "--tls-private-key-file", TestPki.Pki.ServingKeyFile,
            "--token-auth-file", TestPki.TokenFile, "--database-url", databaseUrl])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ApiServerProcess(process, port);
        using var client = LocalCluster.TrustingClient(TestPki.Pki.CaCertFile);
        try
        {
            for (var i = 0; i < 300; i++)
            {
                if (process.HasExited) throw new InvalidOperationException($"obs apiserver exited with {process.ExitCode}");
                try
                {
                    using var response = await client.GetAsync(server.Server + "/readyz");
                    if (response.IsSuccessStatusCode) return server;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException)
                {
                    // The client's 5 s timeout: a process starting on a busy machine can take longer to answer its first request.
                }
                await Task.Delay(100);
            }
        }
        catch
        {
            // Whatever ends the wait early, the process must not outlive the test.
            await server.DisposeAsync();
            throw;
        }
        await server.DisposeAsync();
        throw new TimeoutException("obs apiserver did not become ready");
    }

    public HttpClient Client()
    {
        var client = LocalCluster.TrustingClient(TestPki.Pki.CaCertFile, TestPki.Token);
        client.BaseAddress = new Uri(Server);
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

}
