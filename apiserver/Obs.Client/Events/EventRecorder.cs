using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Client.Events;

/// <summary>
/// Writes core/v1 Events the way client-go's legacy recorder does (source, firstTimestamp,
/// lastTimestamp, count; no eventTime), in the background: recording never waits on the
/// apiserver and never fails the caller. A repeat of an event (same component, object, type,
/// reason and message) bumps the count of the stored one, which <c>kubectl describe</c> shows as
/// "x3 over 2m"; many similar ones are combined (<see cref="SimilarEvents"/>), and one object gets
/// no more than its share (<see cref="ObjectSpamFilter"/>). When the apiserver falls behind, events
/// are dropped rather than queued without bound.
/// </summary>
public sealed class EventRecorder
{
    private readonly ApiClient _client;
    private readonly string _instance;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<PendingEvent> _pending;
    private readonly LruMap<EventKey, (string Name, long Count)> _recent;
    private readonly LruMap<EventKey, SimilarEvents> _similar;
    private readonly LruMap<ObjectKey, ObjectSpamFilter> _spam;
    private long _dropped;

    private sealed record PendingEvent(string Component, InvolvedObject About, string Type, string Reason, string Message);

    private readonly record struct ObjectKey(string Component, string Kind, string? Namespace, string Name, string? Uid);

    /// <summary>
    /// What makes two events the same one, as client-go's getEventKey: the part of the object too, so two containers' events
    /// with the same words stay apart. Field path and message are null for the combined event of similar ones.
    /// </summary>
    private readonly record struct EventKey(ObjectKey About, string? FieldPath, string Type, string Reason, string? Message);

    /// <param name="reportingInstance">This process (host or candidate identity), the event's reportingInstance.</param>
    /// <param name="remembered">How many distinct events are remembered for counting repeats.</param>
    /// <param name="pending">How many events may wait to be written before new ones are dropped.</param>
    public EventRecorder(ApiClient client, string reportingInstance, TimeProvider? time = null, ILogger? logger = null, int remembered = 4096, int pending = 4096)
    {
        _client = client;
        _instance = reportingInstance;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _recent = new(remembered);
        _similar = new(remembered);
        _spam = new(remembered);
        _pending = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(pending) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    }

    /// <summary>The node the events come from (the event's <c>source.host</c>), as the kubelet's recorder says; null for control-plane components.</summary>
    public string? SourceHost { get; init; }

    /// <summary>Events dropped because too many were waiting, or their object had its share.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Queues an event written by <paramref name="component"/> (e.g. <c>replicaset-controller</c>); returns at once.</summary>
    public void Record(string component, InvolvedObject about, string type, string reason, string message)
    {
        if (_pending.Writer.TryWrite(new PendingEvent(component, about, type, reason, message))) return;
        Interlocked.Increment(ref _dropped);
        EventRecorderLog.Dropped(_logger, reason, about.Kind, about.Name, _pending.Reader.Count);
    }

    /// <summary>No more events will be recorded: <see cref="RunAsync"/> ends once it has written the queued ones.</summary>
    public void Complete() => _pending.Writer.TryComplete();

    /// <summary>Writes queued events until cancelled, or until <see cref="Complete"/> was called and none is left.</summary>
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
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Whatever one event does, the writer goes on with the next: events are best effort.
                    EventRecorderLog.WriteFailed(_logger, e.Reason, e.About.Kind, e.About.Name, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>client-go's EventCorrelator: the key and message the event is written under, or null when its object had its share.</summary>
    private (EventKey Key, string Message)? Correlate(PendingEvent e, DateTimeOffset now)
    {
        var objectKey = new ObjectKey(e.Component, e.About.Kind, e.About.Namespace, e.About.Name, e.About.Uid);
        var key = new EventKey(objectKey, e.About.FieldPath, e.Type, e.Reason, e.Message);
        var message = e.Message;
        var similarKey = key with { FieldPath = null, Message = null };
        if (!_similar.TryGet(similarKey, out var similar)) _similar.Set(similarKey, similar = new SimilarEvents());
        if (similar.Observe(message, now)) (key, message) = (similarKey, SimilarEvents.CombinedPrefix + message);
        if (!_spam.TryGet(objectKey, out var spam)) _spam.Set(objectKey, spam = new ObjectSpamFilter());
        return spam.TryTake(now) ? (key, message) : null;
    }

    private async Task WriteAsync(PendingEvent e, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var timestamp = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var about = e.About;
        if (Correlate(e, now) is not { } correlated)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        var (key, message) = correlated;
        if (_recent.TryGet(key, out var seen))
        {
            var (seenName, count) = seen;
            var patch = new JsonObject { ["count"] = count + 1, ["lastTimestamp"] = timestamp, ["message"] = message };
            try
            {
                await _client.PatchAsync(ResourceTypes.Event, about.EventNamespace, seenName, PatchType.Merge, patch, cancellationToken: cancellationToken);
                _recent.Set(key, (seenName, count + 1));
                return;
            }
            catch (ApiException ex) when (ex.Code == 404)
            {
                // Deleted (or expired) since: start counting again with a new one.
                _recent.Remove(key);
            }
        }
        // client-go names an event <object>.<unix nanoseconds in hex>; the random low digits keep two in one millisecond apart.
        var name = $"{about.Name}.{now.ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000):x16}";
        var ev = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = about.EventNamespace },
            ["involvedObject"] = about.ToJson(),
            ["reason"] = e.Reason,
            ["message"] = message,
            ["type"] = e.Type,
            ["source"] = SourceHost is null ? new JsonObject { ["component"] = e.Component } : new JsonObject { ["component"] = e.Component, ["host"] = SourceHost },
            ["reportingComponent"] = e.Component,
            ["reportingInstance"] = _instance,
            ["firstTimestamp"] = timestamp,
            ["lastTimestamp"] = timestamp,
            ["count"] = 1,
            ["eventTime"] = null,
        };
        await _client.CreateAsync(ResourceTypes.Event, ev, cancellationToken: cancellationToken);
        _recent.Set(key, (name, 1));
    }
}
