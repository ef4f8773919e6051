using System.Diagnostics;
using Obs.Testing;

namespace Obs.Cli.Tests.Commands;

/// <summary>
/// <c>obs dashboard</c> as <c>obs down</c> stops it: SIGTERM, and sometimes a second one while it is already stopping
/// (a supervisor repeating itself). It must end without an error either way. A signal handled on its own thread while
/// the command was returning once cancelled a token source already disposed and the process aborted (exit 134); first in
/// a handler of the command's own, then in System.CommandLine's (see TerminationSignals).
/// </summary>
public sealed class DashboardCommandTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), $"obs-dashcmd-{Guid.NewGuid():N}");

    public DashboardCommandTests()
    {
        Directory.CreateDirectory(_home);
        // A cluster that is not there: the dashboard serves (and says so on its pages) while its informers retry.
        File.WriteAllText(Path.Combine(_home, "kubeconfig"), """
            apiVersion: v1
            kind: Config
            clusters:
            - name: gone
              cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}
            users:
            - name: admin
              user: {token: any}
            contexts:
            - name: gone
              context: {cluster: gone, user: admin}
            current-context: gone
            """);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(150)]
    public async Task ASecondSigtermWhileStoppingStillEndsItCleanly(int secondAfterMilliseconds)
    {
        await StopAsync(async dashboard =>
        {
            await SigtermAsync(dashboard.Id);
            await Task.Delay(secondAfterMilliseconds);
            await SigtermAsync(dashboard.Id);
        });
    }

    /// <summary>
    /// Signals every few milliseconds until the process has gone, so that some land in the moment the command returns
    /// and its handlers are being removed: the window where the abort happened.
    /// </summary>
    [Fact]
    public async Task SigtermsUntilItHasGoneNeverAbortIt()
    {
        await StopAsync(async dashboard =>
        {
            while (!dashboard.HasExited)
            {
                await SigtermAsync(dashboard.Id);
                await Task.Delay(5);
            }
        });
    }

    private async Task StopAsync(Func<Process, Task> signal)
    {
        var port = FreePort.Next();
        var obs = typeof(Obs.Cli.Cluster.LocalCluster).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [obs, "dashboard", "--kubeconfig", Path.Combine(_home, "kubeconfig"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var dashboard = Process.Start(start)!;
        var errors = new System.Text.StringBuilder();
        dashboard.OutputDataReceived += (_, _) => { };
        dashboard.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        dashboard.BeginOutputReadLine();
        dashboard.BeginErrorReadLine();
        try
        {
            await ServingAsync(port);

            await signal(dashboard);
            await dashboard.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            string stderr;
            lock (errors) stderr = errors.ToString();
            // 0: the signals reached the command's handler. 143 (killed by SIGTERM): one came after the handler was
            // gone, as the process was leaving, which is how any process ends then. Never an abort (134).
            Assert.True(dashboard.ExitCode is 0 or 143, $"exit code {dashboard.ExitCode}; stderr:\n{stderr}");
            Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (!dashboard.HasExited) dashboard.Kill();
        }
    }

    /// <summary>As a supervisor sends it; the second may find the process gone, which is fine.</summary>
    private static async Task SigtermAsync(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { RedirectStandardError = true })!;
        await kill.WaitForExitAsync();
    }

    private static async Task ServingAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/healthz");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // A slow first answer on a busy machine.
            }
            await Task.Delay(200);
        }
        Assert.Fail("the dashboard did not answer /healthz within 60 s");
    }

    public void Dispose()
    {
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}
