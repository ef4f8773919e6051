using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.Cli.Tests.Cluster;

/// <summary>The generated configuration passes amtool and routes as documented (checked with amtool's own router).</summary>
public sealed class AlertmanagerConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("obs-amconfig-").FullName;

    private static readonly AlertmanagerConfigOptions Full = new()
    {
        ReceiverUrl = "https://127.0.0.1:6443/alerting/v1/webhook",
        BearerToken = "s3cret\"token",
        CaFile = "/etc/obs/ca.crt",
        Teams = [new AlertmanagerTeamRoute("payments", "http://127.0.0.1:9999/payments")],
        Email = new AlertmanagerEmailReceiver("oncall@example.com", "obs@example.com", "smtp.example.com:587") { Username = "obs", Password = "pw" },
        Slack = new AlertmanagerSlackReceiver("https://hooks.slack.com/services/T000/B000/XXXX", "#alerts"),
        PagerDuty = new AlertmanagerPagerDutyReceiver("0123456789abcdef0123456789abcdef"),
    };

    private static string Amtool => AlertmanagerBinary.FindAmtool() ?? throw new InvalidOperationException("amtool is missing: apt-get install -y prometheus-alertmanager");

    private string Write(AlertmanagerConfigOptions options)
    {
        var path = Path.Combine(_dir, $"am-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, AlertmanagerConfig.Render(options));
        return path;
    }

    private async Task<string> RouteAsync(string config, params string[] labels)
    {
        var result = await ProcessRunner.RunAsync(Amtool, ["config", "routes", "test", $"--config.file={config}", .. labels]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StdOut.Trim();
    }

    [Fact]
    public async Task TheMinimalAndTheFullConfigurationPassAmtool()
    {
        foreach (var options in new[] { Full with { Teams = [], Email = null, Slack = null, PagerDuty = null }, Full })
        {
            var result = await ProcessRunner.RunAsync(Amtool, ["check-config", Write(options)]);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("SUCCESS", result.StdOut, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("oncall-page", "alertname=KubeNodeNotReady", "severity=critical")]
    [InlineData("oncall", "alertname=KubePodCrashLooping", "severity=warning")]
    [InlineData("oncall-info", "alertname=CPUThrottlingHigh", "severity=info")]
    [InlineData("oncall", "alertname=Unlabelled")]
    [InlineData("team-payments,oncall", "alertname=KubePodCrashLooping", "severity=warning", "team=payments")]
    [InlineData("team-payments,oncall-page", "alertname=ErrorBudgetBurn", "severity=critical", "team=payments")]
    public async Task AlertsAreRoutedByTeamThenSeverity(string receivers, params string[] labels)
    {
        Assert.Equal(receivers, await RouteAsync(Write(Full), labels));
    }

    [Fact]
    public void TheDocumentedExampleIsWhatTheGeneratorWrites()
    {
        var example = Path.Combine(RepositoryLayout.Root, "alerts", "alertmanager", "alertmanager.example.yml");
        // OBS_UPDATE_EXAMPLES=1 rewrites the example after a deliberate change to the generator.
        if (Environment.GetEnvironmentVariable("OBS_UPDATE_EXAMPLES") == "1") File.WriteAllText(example, AlertmanagerConfig.Render(Example.Options));
        Assert.Equal(AlertmanagerConfig.Render(Example.Options), File.ReadAllText(example));
    }

    [Fact]
    public void EveryNodeDownAlertThatInhibitsIsOneTheRulesDefine()
    {
        var rules = Directory.GetFiles(Path.Combine(RepositoryLayout.Root, "alerts", "rules"), "*.yml").Select(File.ReadAllText);
        var defined = rules.SelectMany(text => System.Text.RegularExpressions.Regex.Matches(text, @"^\s*- alert: (\S+)", System.Text.RegularExpressions.RegexOptions.Multiline))
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.All(Example.Options.NodeDownAlerts, name => Assert.Contains(name, defined));
    }

    [Fact]
    public void TheRootRouteGroupsByAlertnameAndNamespaceAndCriticalPagesQuickly()
    {
        var yaml = AlertmanagerConfig.Render(Full);
        Assert.Contains("""
              receiver: "oncall"
              group_by:
              - "alertname"
              - "namespace"
              group_wait: "30s"
            """, yaml, StringComparison.Ordinal);
        Assert.Contains("""
              - receiver: "oncall-page"
                matchers:
                - "severity=\"critical\""
                group_wait: "10s"
                group_interval: "1m"
                repeat_interval: "1h"
            """, yaml, StringComparison.Ordinal);
        Assert.Contains("credentials: \"s3cret\\\"token\"", yaml, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
