using Obs.Cli.Cluster;

namespace Obs.Bench.Processes;

/// <summary>
/// Prometheus and Alertmanager from Debian as `obs up` runs them (the same generated configurations and
/// the rules of alerts/rules), over one benchmark apiserver: Prometheus finds its targets through that
/// apiserver and Alertmanager delivers to its on-call receiver. Their state lives under the bench run's
/// directory; both are stopped by PID when disposed.
/// </summary>
internal sealed class AlertingStack : IAsyncDisposable
{
    private readonly PrometheusComponent _prometheus;
    private readonly AlertmanagerComponent _alertmanager;

    private AlertingStack(ClusterHome home)
    {
        _prometheus = new PrometheusComponent(home, FreePort.Next());
        _alertmanager = new AlertmanagerComponent(home, FreePort.Next());
    }

    public string PrometheusUrl { get; private set; } = "";

    /// <param name="timing">The alert rules' <c>for:</c> and Alertmanager's waits (the test override's, so the latency is seconds, not the production 15 minutes).</param>
    /// <param name="interval">Prometheus' scrape and rule evaluation interval.</param>
    public static async Task<AlertingStack> StartAsync(BenchCluster cluster, ApiServerChild apiserver, AlertTestTiming timing, TimeSpan interval, CancellationToken cancellationToken)
    {
        var home = new ClusterHome(Path.Combine(cluster.Root, "alerting"));
        var stack = new AlertingStack(home);
        try
        {
            var options = new AlertmanagerConfigOptions
            {
                ReceiverUrl = new Uri(apiserver.Server, "/alerting/v1/webhook").ToString(),
                BearerToken = cluster.Token,
                CaFile = cluster.Pki.CaCertFile,
            };
            var alertmanagerUrl = await stack._alertmanager.UpAsync(timing.Apply(options), Console.Error, cancellationToken);
            stack.PrometheusUrl = await stack._prometheus.UpAsync(new PrometheusConfigOptions
            {
                ApiServerUrl = apiserver.Server.ToString().TrimEnd('/'),
                CaFile = cluster.Pki.CaCertFile,
                TokenFile = "",
                Alertmanager = new Uri(alertmanagerUrl).Authority,
                RuleFiles = [timing.RewriteRules(RepositoryLayout.AlertRulesGlob, Path.Combine(home.Root, "prometheus", "rules"))],
                ScrapeInterval = interval,
                EvaluationInterval = interval,
            }, cluster.Token, Console.Error, cancellationToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _prometheus.DownAsync(Console.Error);
        await _alertmanager.DownAsync(Console.Error);
    }
}
