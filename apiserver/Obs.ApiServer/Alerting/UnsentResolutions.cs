using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// Resolves the alerts whose resolution Alertmanager never sends. Alertmanager drops a resolution that an inhibition or a
/// silence mutes when its group is flushed (a pod alert that ends while its node is down), and does not send it later; the
/// receiver would keep such an alert firing for ever. So every <see cref="AlertingOptions.AlertmanagerCheckInterval"/> it
/// asks Alertmanager which alerts it still holds, and an alert firing here that one Alertmanager process has not held for
/// <see cref="AlertingOptions.ResolveMissingAfter"/> is resolved, ending when it was first found missing, and forwarded and
/// recorded as a resolution from Alertmanager would be. A restarted Alertmanager (a new start time) starts the count
/// again: it holds nothing until Prometheus sends its alerts again.
/// </summary>
public sealed partial class UnsentResolutions(AlertingOptions options, AlertStore store, AlertmanagerClient alertmanager, AlertForwarder forwarder,
    AlertEventRecorder events, TimeProvider time, ILogger<UnsentResolutions> logger) : BackgroundService
{
    private readonly Dictionary<long, DateTimeOffset> _missingSince = [];
    private DateTimeOffset? _alertmanagerStartedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.AlertmanagerUrl is null) return;
        using var timer = new PeriodicTimer(options.AlertmanagerCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException or System.Text.Json.JsonException or Npgsql.NpgsqlException
                                          && !stoppingToken.IsCancellationRequested)
                {
                    // Nothing learnt this time: what was counted stands, and the next check goes on from it.
                    LogCheckFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One check: the alerts resolved by it.</summary>
    public async Task<IReadOnlyList<AlertChange>> CheckAsync(CancellationToken cancellationToken)
    {
        if (await alertmanager.GetSnapshotAsync(cancellationToken) is not { } snapshot) return [];
        if (snapshot.StartedAt != _alertmanagerStartedAt)
        {
            _missingSince.Clear();
            _alertmanagerStartedAt = snapshot.StartedAt;
        }
        var now = time.GetUtcNow();
        var firing = await store.FiringAsync(cancellationToken);
        var stillFiring = firing.Select(a => a.Id).ToHashSet();
        foreach (var id in _missingSince.Keys.Where(id => !stillFiring.Contains(id)).ToList()) _missingSince.Remove(id);

        var resolved = new List<AlertChange>();
        foreach (var alert in firing)
        {
            if (snapshot.Holds(alert.Fingerprint, alert.StartsAt))
            {
                _missingSince.Remove(alert.Id);
                continue;
            }
            if (!_missingSince.TryGetValue(alert.Id, out var since)) _missingSince[alert.Id] = since = now;
            if (now - since < options.ResolveMissingAfter) continue;
            _missingSince.Remove(alert.Id);
            if (await store.ResolveUnsentAsync(alert.Id, since, now, cancellationToken) is not { } change) continue;
            LogResolved(logger, alert.AlertName, alert.Fingerprint, since);
            resolved.Add(change);
        }
        if (resolved.Count == 0) return resolved;
        forwarder.NoticesStored(resolved);
        if (options.RecordEvents)
        {
            foreach (var change in resolved) await events.RecordAsync(change, cancellationToken);
        }
        return resolved;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not ask Alertmanager which alerts it holds: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "resolved {AlertName} ({Fingerprint}): Alertmanager has not held it since {Since:o} and sent no resolution (muted by an inhibition or a silence)")]
    private static partial void LogResolved(ILogger logger, string alertName, string fingerprint, DateTimeOffset since);
}
