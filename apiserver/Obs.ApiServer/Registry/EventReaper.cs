using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Registry;

/// <summary>
/// Events live for an hour, as the Kubernetes apiserver's <c>--event-ttl</c> keeps them: older
/// ones are deleted (watchers see them go). Every apiserver may run it; a delete that finds the
/// event already gone is fine.
/// </summary>
public sealed partial class EventReaper(ObjectRegistry registry, WatchCache cache, TimeProvider time, ILogger<EventReaper> logger) : BackgroundService
{
    public static readonly TimeSpan Ttl = TimeSpan.FromHours(1);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await cache.Ready.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReapAsync(stoppingToken);
            }
            catch (Exception e) when (e is ApiException or Npgsql.NpgsqlException)
            {
                LogReapFailed(logger, e.Message);
            }
        }
    }

    /// <summary>Deletes every event last seen more than <see cref="Ttl"/> ago; returns how many.</summary>
    public async Task<int> ReapAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - Ttl;
        var expired = cache.List(ResourceTypes.Event.GroupResource, WatchFilter.Everything).Items
            .Where(e => LastSeen(e) is { } seen && seen < cutoff)
            .ToList();
        foreach (var e in expired)
        {
            try
            {
                await registry.DeleteAsync(ResourceTypes.Event, e.Key.Namespace, e.Key.Name, new DeleteOptions(), cancellationToken);
            }
            catch (ApiException ex) when (ex.Code == 404)
            {
            }
        }
        return expired.Count;
    }

    private static DateTimeOffset? LastSeen(CachedObject e)
    {
        // Read in place: the reaper looks at every cached event each round.
        // A recurring events.k8s.io/v1 event is last seen at its series' last observation, as a core/v1 one at its lastTimestamp.
        return Timestamps.Parse(e.StringAt("series", "lastObservedTime") ?? e.StringAt("lastTimestamp") ?? e.StringAt("eventTime") ?? e.MetadataString("creationTimestamp"));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "deleting expired events failed: {Error}")]
    private static partial void LogReapFailed(ILogger logger, string error);
}
