using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.Cli.Tests.Cluster;

/// <summary>The local Prometheus' generated configuration, checked by the real promtool with the real rule files.</summary>
public sealed class PrometheusConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("obs-promconfig-").FullName;

    private string DashboardTargetsFile => Path.Combine(_dir, "obs-dashboard-targets.json");

    private string Render()
    {
        var ca = Path.Combine(_dir, "ca.crt");
        var token = Path.Combine(_dir, "token");
        File.WriteAllText(ca, "");
        File.WriteAllText(token, "t");
        File.WriteAllText(DashboardTargetsFile, PrometheusConfig.DashboardTargets("http://127.0.0.1:8080"));
        var config = Path.Combine(_dir, "prometheus.yml");
        File.WriteAllText(config, PrometheusConfig.Render(new PrometheusConfigOptions
        {
            ApiServerUrl = "https://127.0.0.1:6443",
            CaFile = ca,
            TokenFile = token,
            Alertmanager = "127.0.0.1:9093",
            DashboardTargetsFile = DashboardTargetsFile,
            RuleFiles = [RepositoryLayout.AlertRulesGlob],
            ScrapeInterval = TimeSpan.FromSeconds(2),
            EvaluationInterval = TimeSpan.FromMinutes(1),
        }));
        return config;
    }

    [Fact]
    public async Task PromtoolAcceptsTheConfigurationAndItsRules()
    {
        var check = await ProcessRunner.RunAsync(Promtool.Path, ["check", "config", Render()]);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("SUCCESS", check.StdOut + check.StdErr);
        Assert.Contains("rules found", check.StdOut + check.StdErr);
        // promtool reads the file discovery's targets too and warns when the file is missing.
        Assert.DoesNotContain("WARNING", check.StdOut + check.StdErr);
    }

    [Fact]
    public void TheDashboardIsScrapedAtTheAddressInItsTargetsFileWithoutTokenOrTls()
    {
        var yaml = File.ReadAllText(Render());

        // The last job, so the text from its name on is the job alone.
        var job = yaml[yaml.IndexOf("job_name: \"obs-dashboard\"", StringComparison.Ordinal)..];
        Assert.Contains($"job_name: \"obs-dashboard\"\n  file_sd_configs:\n  - files:\n    - \"{DashboardTargetsFile}\"\n", job, StringComparison.Ordinal);
        Assert.DoesNotContain("credentials_file", job, StringComparison.Ordinal);
        Assert.DoesNotContain("tls_config", job, StringComparison.Ordinal);
        Assert.Equal("""[{"targets":["127.0.0.1:8080"]}]""", File.ReadAllText(DashboardTargetsFile));
    }

    [Fact]
    public void EveryMixinJobFindsItsTargetsThroughTheApiserverAndPodsGetNoToken()
    {
        var yaml = File.ReadAllText(Render());
        foreach (var job in new[] { "node", "kubelet", "cadvisor", "apiserver", "kube-state-metrics", "kubernetes-pods" })
        {
            Assert.Contains($"job_name: \"{job}\"", yaml, StringComparison.Ordinal);
            Assert.Contains($"url: \"https://127.0.0.1:6443/prometheus/targets/{job}\"", yaml, StringComparison.Ordinal);
        }
        Assert.Contains("scrape_interval: \"2s\"", yaml, StringComparison.Ordinal);
        Assert.Contains("evaluation_interval: \"1m\"", yaml, StringComparison.Ordinal);
        // Six jobs' service discovery and five jobs' scrapes carry the token; the pods job's scrape does not.
        Assert.Equal(11, yaml.Split("credentials_file:").Length - 1);
        Assert.Equal(11, yaml.Split("type: \"Bearer\"").Length - 1);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
