using System.Text.Json.Nodes;
using Obs.Cli.Cluster;

namespace Obs.EndToEnd.Tests.ObsCommand;

/// <summary>The on-call receiver's stored alerts (the apiserver's /alerting/v1/alerts), as the dashboard and <c>obs alerts</c> read them.</summary>
public sealed class ReceiverAlerts : IDisposable
{
    private readonly HttpClient _api;

    public ReceiverAlerts(ObsUpCluster cluster)
    {
        _api = LocalCluster.TrustingClient(cluster.Home.CaFile, cluster.Token);
        _api.BaseAddress = new Uri($"https://127.0.0.1:{cluster.Home.ApiServerPort}");
        // The launcher's 5 s suits its readiness checks; on a loaded machine just after `up` a list can take longer (a safety net, not a speed check).
        _api.Timeout = TimeSpan.FromSeconds(30);
    }

    public void Dispose() => _api.Dispose();

    /// <summary>The stored alerts in <paramref name="state"/> (one state, or several separated by commas).</summary>
    public async Task<List<JsonNode>> ListAsync(string state)
    {
        var body = JsonNode.Parse(await _api.GetStringAsync($"/alerting/v1/alerts?state={state}"))!;
        return body["items"]!.AsArray().Select(a => a!).ToList();
    }

    /// <summary>Polls until an alert named <paramref name="alertname"/> that <paramref name="match"/>es is stored in <paramref name="state"/>; fails the test, listing what is stored, after <paramref name="timeout"/>.</summary>
    public async Task<JsonNode> WaitForAsync(string alertname, Func<JsonNode, bool> match, string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = (await ListAsync(state)).FirstOrDefault(a => a["alertname"]!.GetValue<string>() == alertname && match(a));
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline)
            {
                var all = await _api.GetStringAsync("/alerting/v1/alerts?state=firing,acknowledged,resolved");
                Assert.Fail($"no {state} {alertname} at the receiver after {timeout}; it has: {all}");
            }
            await Task.Delay(1000);
        }
    }
}
