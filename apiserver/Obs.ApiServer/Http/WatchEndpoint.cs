using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Metrics;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Http;

/// <summary>
/// WATCH: a chunked stream of <c>{"type":…,"object":…}</c> lines, one per event, flushed as they
/// happen. Starts from a revision (replaying the change log when the cache's ring no longer
/// reaches back that far; 410 Expired when the log was compacted past it) or from the current
/// state; bookmarks when asked; ends at timeoutSeconds, or never.
/// </summary>
public sealed class WatchEndpoint(WatchCache cache, ChangeLog log, ObjectStore store, ReadEndpoint reads, ApiMetrics metrics, TimeProvider time)
{
    private static readonly TimeSpan BookmarkInterval = TimeSpan.FromSeconds(30);
    private static readonly byte[] Newline = "\n"u8.ToArray();

    public async Task WatchAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        ListOptionsValidation.Check(query, watch: true);
        var filter = SelectorFilters.Build(info.Served, info.Namespace, query.LabelSelector, NameSelector(info, query.FieldSelector));
        var table = TableRequest.From(context.Request.Headers.Accept.ToString(), query.IncludeObject);
        var aborted = context.RequestAborted;
        Watcher watcher;
        InitialEvents? initial = null;
        try
        {
            if (query.SendInitialEvents == true) (watcher, initial) = await OpenStreamingListAsync(info.Type, filter, query.ResourceVersion, aborted);
            else watcher = await OpenAsync(info.Type, filter, query, aborted);
        }
        catch (ApiException e) when (e.Code == 410)
        {
            // As Kubernetes does: the watch opens, and its one event is an ERROR with the 410 Status.
            context.Response.StatusCode = 200;
            context.Response.ContentType = MediaTypes.Json;
            var error = new JsonObject { ["type"] = "ERROR", ["object"] = e.ToStatus() };
            await context.Response.BodyWriter.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(error), aborted);
            await context.Response.BodyWriter.WriteAsync(Newline, aborted);
            return;
        }
        using var _ = watcher;

        context.Response.StatusCode = 200;
        context.Response.ContentType = MediaTypes.Json;
        context.Response.Headers.CacheControl = "no-cache, private";
        await context.Response.StartAsync(aborted);
        // The headers go out now: a client waits for them before it reads, and a quiet watch may send nothing for long.
        await context.Response.Body.FlushAsync(aborted);
        using var timeout = new CancellationTokenSource();
        if (query.TimeoutSeconds is { } seconds) timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, timeout.Token);
        var first = true;
        metrics.WatcherOpened(info.Type);
        try
        {
            if (initial is not null)
            {
                foreach (var obj in initial.Objects)
                {
                    await WriteEventAsync(context, info, new WatchEvent(WatchEventType.Added, obj), table, first);
                    first = false;
                }
                // The end of the initial state is told only to a client that takes bookmarks, as Kubernetes does.
                if (query.AllowWatchBookmarks) await WriteBookmarkAsync(context, info.Type, initial.Revision, linked.Token, initialEventsEnd: true);
                else await context.Response.Body.FlushAsync(linked.Token);
            }
            var nextBookmark = time.GetUtcNow() + BookmarkInterval;
            var progress = new WatchProgress(query.AllowWatchBookmarks, initial?.Revision ?? 0, time.GetUtcNow());
            while (!linked.IsCancellationRequested)
            {
                var wait = query.AllowWatchBookmarks ? nextBookmark - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
                // Infinite is negative too: only an overdue bookmark is due at once.
                if (query.AllowWatchBookmarks && wait < TimeSpan.Zero) wait = TimeSpan.Zero;
                using var round = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
                if (wait != Timeout.InfiniteTimeSpan) round.CancelAfter(wait);
                bool more;
                try
                {
                    var readable = watcher.Events.WaitToReadAsync(round.Token).AsTask();
                    if (!readable.IsCompleted && await progress.DueAsync(readable, cache, time, round.Token))
                    {
                        first = await WriteProgressAsync(context, info, watcher, table, first, progress, linked.Token);
                        await round.CancelAsync();
                        continue;
                    }
                    more = await readable;
                }
                catch (OperationCanceledException) when (!linked.IsCancellationRequested)
                {
                    first = await WriteProgressAsync(context, info, watcher, table, first, progress, linked.Token);
                    nextBookmark = time.GetUtcNow() + BookmarkInterval;
                    continue;
                }
                if (!more) break; // overflowed: the client re-lists
                while (watcher.Events.TryRead(out var e))
                {
                    await WriteEventAsync(context, info, e, table, first);
                    progress.Told(e.Object.Revision);
                    first = false;
                }
                await context.Response.Body.FlushAsync(linked.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the timeout ended the watch: both end the stream normally.
        }
        finally
        {
            metrics.WatcherClosed(info.Type);
        }
    }

    /// <summary>A watch on one named object (<c>GET …/pods/x?watch=true</c>) is a watch with a name selector.</summary>
    private static string? NameSelector(RequestInfo info, string? fieldSelector) =>
        info.Name is null ? fieldSelector : string.IsNullOrEmpty(fieldSelector) ? $"metadata.name={info.Name}" : $"{fieldSelector},metadata.name={info.Name}";

    /// <summary>The objects a streaming list starts with, and the revision they were read at.</summary>
    private sealed record InitialEvents(List<CachedObject> Objects, long Revision);

    /// <summary>
    /// <c>sendInitialEvents=true</c> (with NotOlderThan): the state at least as new as the resourceVersion (the
    /// latest committed one when unset, any when "0"), read as one list, then every change after that list's revision.
    /// </summary>
    private async Task<(Watcher, InitialEvents)> OpenStreamingListAsync(ResourceType type, WatchFilter filter, string? rv, CancellationToken cancellationToken)
    {
        await reads.WaitForFreshnessAsync(string.IsNullOrEmpty(rv) ? null : rv, cancellationToken);
        var page = cache.ListPage(type.GroupResource, filter, null, null);
        var watcher = await FollowAsync(type.GroupResource, filter, page.Revision, cancellationToken);
        return (watcher, new InitialEvents(page.Items, page.Revision));
    }

    private async Task<Watcher> OpenAsync(ResourceType type, WatchFilter filter, QueryOptions query, CancellationToken cancellationToken)
    {
        var rv = query.ResourceVersion;
        var unset = string.IsNullOrEmpty(rv);
        // Without sendInitialEvents, an unset or "0" resourceVersion starts with the current objects as ADDED (the
        // legacy behaviour); sendInitialEvents=false asks for changes only, from the latest (unset) or any ("0") state.
        if (unset || rv == "0")
        {
            await reads.WaitForFreshnessAsync(unset ? null : "0", cancellationToken);
            if (query.SendInitialEvents is null) return cache.Watch(type.GroupResource, filter, null)!;
            return await FollowAsync(type.GroupResource, filter, cache.Revision, cancellationToken);
        }
        var from = ReadEndpoint.ParseRevision(rv!);
        await reads.WaitForFreshnessAsync("0", cancellationToken);
        return await FollowAsync(type.GroupResource, filter, from, cancellationToken);
    }

    /// <summary>Every change after <paramref name="from"/>: from the cache's ring, or first from the change log when older.</summary>
    private async Task<Watcher> FollowAsync(string resource, WatchFilter filter, long from, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (cache.Watch(resource, filter, from) is { } watcher) return watcher;
            // Older than the cache's memory: replay the log up to the ring, then follow the cache.
            var floor = cache.RingFloor;
            var compacted = await store.CompactedRevisionAsync(cancellationToken);
            if (from < compacted) throw ApiErrors.Expired($"too old resource version: {from} ({compacted})");
            var history = await log.ReadResourceAsync(resource, from, floor, cancellationToken);
            var events = new List<WatchEvent>();
            foreach (var change in history)
            {
                var obj = CachedObject.FromStored(change.Key, change.Revision, change.Json);
                if (!filter.Matches(obj)) continue;
                events.Add(new WatchEvent(change.Type switch
                {
                    ChangeType.Added => WatchEventType.Added,
                    ChangeType.Deleted => WatchEventType.Deleted,
                    _ => WatchEventType.Modified,
                }, obj));
            }
            // The log was read up to the floor seen before: recheck the floor did not move since.
            if (await store.CompactedRevisionAsync(cancellationToken) > from) throw ApiErrors.Expired($"too old resource version: {from}");
            if (cache.Watch(resource, filter, floor, events) is { } caught) return caught;
        }
    }

    private async Task WriteEventAsync(HttpContext context, RequestInfo info, WatchEvent e, TableRequest? table, bool first)
    {
        var body = context.Response.BodyWriter;
        var type = info.Type;
        if (table is null)
        {
            await WriteObjectEventAsync(body, e.Type, ServedVersion.Out(info.Served, e.Object));
            return;
        }
        await body.WriteAsync(TableWriter.WatchEvent(type, table, TypeName(e.Type), e.Object, time.GetUtcNow(), withColumns: first));
        await body.WriteAsync(Newline);
    }

    /// <summary>
    /// <c>{"type":…,"object":…}</c> and its newline, put together in the response's buffer and sent as one piece: the
    /// object is copied there from its cached bytes and shared field sets.
    /// </summary>
    private static Task WriteObjectEventAsync(PipeWriter body, WatchEventType type, CachedObject obj) =>
        ResponseWriter.WriteWholeAsync(body, EventStart(type).Length + obj.Length + EventEnd.Length, (type, obj), static (into, e) =>
        {
            var start = EventStart(e.type);
            start.CopyTo(into);
            e.obj.CopyTo(into[start.Length..]);
            EventEnd.CopyTo(into[(start.Length + e.obj.Length)..]);
        });

    private static readonly byte[] EventEnd = "}\n"u8.ToArray();
    // Indexed by the type's value (they number from 0, in order).
    private static readonly byte[][] EventStarts = [.. Enum.GetValues<WatchEventType>().Select(t => Encoding.UTF8.GetBytes($"{{\"type\":\"{TypeName(t)}\",\"object\":"))];

    private static byte[] EventStart(WatchEventType type) => EventStarts[(int)type];

    /// <summary>
    /// A bookmark at the cache's revision, after every event of this watch up to it: events reach the
    /// watcher's queue under the cache's lock before its revision moves, so those read after the
    /// revision are all the ones at or below it, and the client may trust that it has seen them.
    /// </summary>
    /// <returns>Whether the next event is still the stream's first.</returns>
    private async Task<bool> WriteProgressAsync(HttpContext context, RequestInfo info, Watcher watcher, TableRequest? table, bool first, WatchProgress progress, CancellationToken cancellationToken)
    {
        var revision = cache.Revision;
        while (watcher.Events.TryRead(out var e))
        {
            await WriteEventAsync(context, info, e, table, first);
            first = false;
        }
        await WriteBookmarkAsync(context, info.Type, revision, cancellationToken);
        progress.Sent(revision, time.GetUtcNow());
        return first;
    }

    private static async Task WriteBookmarkAsync(HttpContext context, ResourceType type, long revision, CancellationToken cancellationToken, bool initialEventsEnd = false)
    {
        // Written straight into the response: every watch that takes bookmarks gets them while the cluster writes.
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "BOOKMARK");
            writer.WriteStartObject("object");
            writer.WriteString("kind", type.Kind);
            writer.WriteString("apiVersion", type.ApiVersion);
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // How a streaming list's client (client-go's reflector) knows the initial state is complete.
            if (initialEventsEnd)
            {
                writer.WriteStartObject("annotations");
                writer.WriteString("k8s.io/initial-events-end", "true");
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        await context.Response.BodyWriter.WriteAsync(Newline, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static string TypeName(WatchEventType type) => type switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        WatchEventType.Deleted => "DELETED",
        WatchEventType.Bookmark => "BOOKMARK",
        _ => "ERROR",
    };
}
