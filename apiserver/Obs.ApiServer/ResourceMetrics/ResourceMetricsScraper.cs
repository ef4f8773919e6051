using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.ResourceMetrics;

/// <summary>
/// metrics-server inside the apiserver: every <see cref="ResourceMetricsOptions.ScrapeInterval"/>
/// it reads each Node's agent at <c>/metrics/resource</c> (over the same pinned TLS as
/// <c>pods/log</c>), turns the counters of two consecutive scrapes into rates and keeps the result
/// in <see cref="ResourceMetricsStore"/>. Every apiserver replica scrapes for itself, so any of
/// them answers <c>metrics.k8s.io</c>; a node that does not answer is dropped until it does.
/// </summary>
public sealed partial class ResourceMetricsScraper(
    ResourceMetricsOptions options, ResourceMetricsStore store, WatchCache cache, ApiServerOptions server, TimeProvider time,
    ILogger<ResourceMetricsScraper> logger) : BackgroundService
{
    public const string Path = "/metrics/resource";

    private readonly Dictionary<string, ResourceScrape> _previous = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Scrape) return;
        var token = AgentCredential.FromTokenFile(server.TokenFile);
        try
        {
            await cache.Ready.WaitAsync(stoppingToken);
            using var timer = new PeriodicTimer(options.ScrapeInterval, time);
            do
            {
                await ScrapeAllAsync(token, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ScrapeAllAsync(string? token, CancellationToken cancellationToken)
    {
        var nodes = cache.List("nodes", WatchFilter.Everything).Items;
        var results = await Task.WhenAll(nodes.Select(n => ScrapeAsync(n, token, cancellationToken)));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, scrape) in results)
        {
            seen.Add(name);
            if (scrape is null)
            {
                if (_previous.Remove(name)) store.Remove(name);
                continue;
            }
            if (_previous.TryGetValue(name, out var before) && UsageRates.Between(name, before, scrape) is { } usage) store.Set(usage);
            _previous[name] = scrape;
        }
        foreach (var gone in _previous.Keys.Where(n => !seen.Contains(n)).ToList())
        {
            _previous.Remove(gone);
            store.Remove(gone);
        }
    }

    private async Task<(string Node, ResourceScrape? Scrape)> ScrapeAsync(CachedObject node, string? token, CancellationToken cancellationToken)
    {
        var name = node.Key.Name;
        // Each node is parsed here and its tree dropped before the request goes out. Parsed all at once up front, the
        // trees of 5,000 nodes (some 20 MB) lived until the last scrape was done, long enough to be promoted, and every
        // 15 s the apiserver's older generations filled with garbage that only a full collection took back.
        if (NodeProxy.AgentEndpoint(node.ToMutable()) is not { } endpoint) return (name, null);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://{endpoint.Host}:{endpoint.Port}{Path}"));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ScrapeTimeout);
            using var response = await NodeProxy.ClientFor(endpoint.Pin).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogScrapeFailed(logger, name, $"HTTP {(int)response.StatusCode}");
                return (name, null);
            }
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            return (name, ResourceText.Parse(text, time.GetUtcNow()));
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogScrapeFailed(logger, name, e.Message);
            return (name, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "resource metrics of node {Node} not scraped: {Reason}")]
    private static partial void LogScrapeFailed(ILogger logger, string node, string reason);
}
