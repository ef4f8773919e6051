using System.Diagnostics;

namespace Obs.Cli.Tests.Commands;

/// <summary><c>obs apiserver</c>'s alert e-mail settings: unusable ones stop it at start with every problem, whether flags or <c>OBS_ALERT_*</c> (what <c>obs up</c> passes on) gave them.</summary>
public sealed class ApiServerCommandTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UnusableEmailSettingsStopItAtStartNamingEachProblem(bool fromEnvironment)
    {
        var obs = typeof(Obs.Cli.Cluster.LocalCluster).Assembly.Location;
        string[] required = ["apiserver", "--tls-cert-file", "none.crt", "--tls-private-key-file", "none.key", "--token-auth-file", "none.csv", "--database-url", "Host=127.0.0.1;Port=1"];
        var start = new ProcessStartInfo("dotnet", fromEnvironment
            ? [obs, .. required]
            : [obs, .. required, "--alert-email-smarthost", "smtp.example.com", "--alert-email-from", "obs", "--alert-email-require-tls", "maybe"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (fromEnvironment)
        {
            start.Environment["OBS_ALERT_EMAIL_SMARTHOST"] = "smtp.example.com";
            start.Environment["OBS_ALERT_EMAIL_FROM"] = "obs";
            start.Environment["OBS_ALERT_EMAIL_REQUIRE_TLS"] = "maybe";
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Equal([
            "obs apiserver: --alert-email-require-tls \"maybe\" must be true or false",
            "obs apiserver: alert e-mail: smarthost \"smtp.example.com\" must be host:port",
            "obs apiserver: alert e-mail: from \"obs\" must be an e-mail address",
            "obs apiserver: alert e-mail: to needs at least one address",
        ], (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task AServiceRangeNoAgentCouldListenInStopsItAtStart()
    {
        var obs = typeof(Obs.Cli.Cluster.LocalCluster).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [obs, "apiserver", "--tls-cert-file", "none.crt", "--tls-private-key-file", "none.key", "--token-auth-file", "none.csv",
            "--database-url", "Host=127.0.0.1;Port=1", "--service-cluster-ip-range", "10.96.0.0/12"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("obs apiserver: --service-cluster-ip-range 10.96.0.0/12: must lie in 127.0.0.0/8", await stderr);
    }

    [Fact]
    public async Task BadTolerationSecondsStopItAtStartNamingEachFlag()
    {
        var obs = typeof(Obs.Cli.Cluster.LocalCluster).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [obs, "apiserver", "--tls-cert-file", "none.crt", "--tls-private-key-file", "none.key", "--token-auth-file", "none.csv",
            "--database-url", "Host=127.0.0.1;Port=1", "--default-not-ready-toleration-seconds", "5m", "--default-unreachable-toleration-seconds", "-1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Equal([
            "obs apiserver: --default-not-ready-toleration-seconds \"5m\" must be a whole number of seconds, 0 or more",
            "obs apiserver: --default-unreachable-toleration-seconds \"-1\" must be a whole number of seconds, 0 or more",
        ], (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
