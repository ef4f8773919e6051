using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Scheduling;

/// <summary>
/// Writes the scheduler's Events (Scheduled, FailedScheduling) in the background, so that
/// scheduling never waits on them. A repeat of the same event for the same pod bumps the count of
/// the first one, as kubectl describe shows ("x3 over 2m"). When the apiserver falls behind,
/// events are dropped rather than queued without bound.
/// </summary>
public sealed class PodEventRecorder
{
    private const int MaxRemembered = 10_000;

    private readonly ApiClient _client;
    private readonly string _component;
    private readonly string _instance;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<PendingEvent> _pending = Channel.CreateBounded<PendingEvent>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Dictionary<(string Uid, string Reason, string Message), (string Name, long Count)> _written = [];

    private sealed record PendingEvent(PodInfo Pod, string Type, string Reason, string Message);

    public PodEventRecorder(ApiClient client, string component, string instance, TimeProvider time, ILogger logger)
    {
        _client = client;
        _component = component;
        _instance = instance;
        _time = time;
        _logger = logger;
    }

    public void Normal(PodInfo pod, string reason, string message) => _pending.Writer.TryWrite(new PendingEvent(pod, "Normal", reason, message));

    public void Warning(PodInfo pod, string reason, string message) => _pending.Writer.TryWrite(new PendingEvent(pod, "Warning", reason, message));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in _pending.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await WriteAsync(e, cancellationToken);
                }
                catch (Exception ex) when (ex is ApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    SchedulerLog.EventFailed(_logger, e.Pod.Key, e.Reason, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(PendingEvent e, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var key = (e.Pod.Uid, e.Reason, e.Message);
        if (_written.TryGetValue(key, out var seen))
        {
            var patch = new JsonObject { ["count"] = seen.Count + 1, ["lastTimestamp"] = now };
            try
            {
                await _client.PatchAsync(ResourceTypes.Event, e.Pod.Namespace, seen.Name, PatchType.Merge, patch, cancellationToken: cancellationToken);
                _written[key] = (seen.Name, seen.Count + 1);
                return;
            }
            catch (ApiException ex) when (ex.Code == 404)
            {
                _written.Remove(key);
            }
        }
        var name = $"{e.Pod.Name}.{_time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000):x}";
        var ev = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = e.Pod.Namespace },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["namespace"] = e.Pod.Namespace,
                ["name"] = e.Pod.Name,
                ["uid"] = e.Pod.Uid,
                ["resourceVersion"] = Obs.Api.Objects.ObjectMeta.ResourceVersion(e.Pod.Pod),
            },
            ["reason"] = e.Reason,
            ["message"] = e.Message,
            ["type"] = e.Type,
            ["source"] = new JsonObject { ["component"] = _component },
            ["reportingComponent"] = _component,
            ["reportingInstance"] = _instance,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        };
        await _client.CreateAsync(ResourceTypes.Event, ev, cancellationToken: cancellationToken);
        if (_written.Count >= MaxRemembered) _written.Clear();
        _written[key] = (name, 1);
    }
}
