using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.EndToEnd.Tests.ObsCommand;

/// <summary>
/// The whole cluster as <c>./obs up</c> starts it, shared by a test class: apiserver, controllers,
/// scheduler, the node agent running pods as processes, Prometheus (1 s interval), Alertmanager with
/// the alert rules' <c>for:</c> shortened, and the dashboard, on ports of their own under a fresh home;
/// up, with its node Ready, before the first test. Alerts are mailed to the on-call through <see cref="Mail"/>,
/// configured as a user would, through <c>obs up</c>'s environment.
/// </summary>
public sealed class ObsUpCluster : IAsyncLifetime
{
    public ObsUpCluster() => Home = new("cluster", new Dictionary<string, string>
    {
        ["OBS_PROMETHEUS_INTERVAL"] = "1",
        ["OBS_ALERT_FOR"] = "2",
        ["OBS_ALERT_EMAIL_SMARTHOST"] = Mail.Smarthost,
        ["OBS_ALERT_EMAIL_FROM"] = "obs@example.com",
        ["OBS_ALERT_EMAIL_TO"] = "oncall@example.com",
        // A relay on this host, as the README allows: no STARTTLS to offer.
        ["OBS_ALERT_EMAIL_REQUIRE_TLS"] = "false",
    });

    /// <summary>The on-call's mail relay.</summary>
    public SmtpTestServer Mail { get; } = new();

    public ObsHome Home { get; }

    /// <summary>The dashboard's address, as <c>obs up</c> printed it.</summary>
    public string DashboardUrl { get; private set; } = "";

    /// <summary>Prometheus' address, as <c>obs up</c> printed it.</summary>
    public string PrometheusUrl { get; private set; } = "";

    /// <summary>The admin token <c>obs up</c> printed, to sign in with.</summary>
    public string Token { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var up = await Home.ObsAsync("up");
        Assert.True(up.ExitCode == 0, up.ToString());
        Token = ObsHome.Token(up.StdOut);
        DashboardUrl = ObsHome.Url(up.StdOut, "dashboard");
        PrometheusUrl = ObsHome.Url(up.StdOut, "prometheus");
        await Home.WaitForNodeReadyAsync();
    }

    /// <summary>
    /// Starts the node agent again when a test stopped it (<c>obs up</c> starts only what is not running) and
    /// waits for its node to be Ready, so a test that needs pods does not depend on running before one that stops the agent.
    /// </summary>
    public async Task EnsureAgentRunsAsync()
    {
        var agent = new BackgroundProcess("agent", Path.Combine(Home.Root, "run", "agent.pid"), Path.Combine(Home.Root, "logs", "agent.log"));
        if (agent.Pid is not null) return;
        var up = await Home.ObsAsync("up");
        Assert.True(up.ExitCode == 0, up.ToString());
        await Home.WaitForNodeReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await Home.DownAndRemoveAsync();
        Mail.Dispose();
    }

    public Task<CommandResult> KubectlAsync(params string[] args) => Home.KubectlAsync(args);

    public Task<string> KubectlOkAsync(params string[] args) => Home.KubectlOkAsync(args);
}
