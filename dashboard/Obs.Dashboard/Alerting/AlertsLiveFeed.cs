using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Live;

namespace Obs.Dashboard.Alerting;

/// <summary>
/// Announces the "alerts" live topic when the on-call receiver's alerts change (one fires, resolves,
/// is acknowledged or repeats). The receiver has no watch, so one loop for the whole dashboard lists
/// the alerts every <see cref="Interval"/> with the dashboard's own credentials: a hundred open alert
/// pages cost the apiserver one request per interval. It lists even while no page follows alerts, so
/// a change made between a page's render and its stream opening is not missed.
/// </summary>
public sealed partial class AlertsLiveFeed(ClusterCache cache, LiveHub hub, TimeProvider time, ILogger<AlertsLiveFeed> logger) : BackgroundService
{
    public const string Topic = "alerts";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private string? _last;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var http = ClusterHttpClient.Create(cache.Client.Connection, "obs-dashboard");
        http.BaseAddress = cache.Client.Connection.Server;
        var client = new AlertingClient(http, Interval);
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do await CheckAsync(client, stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Lists the alerts once and announces the topic if they differ from the last list. The first successful list is
    /// announced too: while the receiver could not be listed (a cluster still starting, a busy machine) an alert may have
    /// arrived after a page rendered, and a first list that only set the mark would hide it from that page.
    /// </summary>
    private async Task CheckAsync(AlertingClient client, CancellationToken cancellationToken)
    {
        string now;
        try
        {
            now = Mark(await client.ListAsync([], cancellationToken));
        }
        catch (Exception e) when (e is AlertingUnreachableException or ApiException)
        {
            // The alerts page shows the receiver's trouble itself when it renders; here it only means no notice.
            LogListFailed(logger, e.Message);
            return;
        }
        var changed = _last != now;
        _last = now;
        if (changed) hub.Changed(Topic);
    }

    /// <summary>What a page shows of each alert that can change: its state, its last delivery and who took it.</summary>
    private static string Mark(IReadOnlyList<Alert> alerts)
    {
        var text = new StringBuilder();
        foreach (var a in alerts)
            text.Append(CultureInfo.InvariantCulture, $"{a.Id}:{a.Status}:{a.Deliveries}:{a.LastReceivedAt:O}:{a.ResolvedAt:O}:{a.AcknowledgedBy}\n");
        return text.ToString();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "listing alerts for the live alerts topic failed: {Reason}")]
    private static partial void LogListFailed(ILogger logger, string reason);
}
