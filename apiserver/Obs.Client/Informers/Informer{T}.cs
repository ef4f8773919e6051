using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Client.Watch;

namespace Obs.Client.Informers;

/// <summary>
/// Keeps a local copy of one resource in step with the apiserver, as client-go's reflector and
/// shared informer do: LIST (paged) into the store, WATCH from the list's resourceVersion,
/// resume from the last seen resourceVersion when the stream drops, re-LIST when the server says
/// that version expired (410). Each change updates the store, then the handlers hear of it.
/// Each object is kept as <typeparamref name="T"/>, read from the JSON as it came (as client-go's
/// transform): a component that reads a few fields of each object keeps a record of those only.
/// </summary>
public class Informer<T> where T : class
{
    private readonly ApiClient _client;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _dispatch = new();
    private readonly Func<JsonObject, T> _read;
    private readonly List<IInformerHandler<T>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _resourceVersion;
    /// <summary>Callers of <see cref="ResourceVersionAdvancedAsync"/> waiting for the next move (under the dispatch lock).</summary>
    private readonly List<TaskCompletionSource> _advanceWaiters = [];

    /// <param name="read">What is kept of each listed or watched object; called once per object version.</param>
    public Informer(ApiClient client, ResourceType type, Func<JsonObject, T> read, InformerOptions? options = null, ILogger? logger = null)
        : this(client, type, read, new IndexedStore<T>(), options, logger)
    {
    }

    private protected Informer(ApiClient client, ResourceType type, Func<JsonObject, T> read, IndexedStore<T> store, InformerOptions? options, ILogger? logger)
    {
        _client = client;
        Type = type;
        _read = read;
        _options = options ?? new InformerOptions();
        _logger = logger ?? NullLogger.Instance;
        Store = store;
    }

    public ResourceType Type { get; }

    public IndexedStore<T> Store { get; }

    /// <summary>True once the first LIST is in the store: before that, an empty store means nothing.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion the store is current to.</summary>
    public string? LastSyncResourceVersion => Volatile.Read(ref _resourceVersion);

    /// <summary>Adds a handler; one added after the first sync hears OnAdd for every object already in the store.</summary>
    public void AddHandler(IInformerHandler<T> handler)
    {
        lock (_dispatch)
        {
            _handlers.Add(handler);
            if (!HasSynced) return;
            foreach (var obj in Store.List()) Call(() => handler.OnAdd(obj));
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Completes the next time <see cref="LastSyncResourceVersion"/> moves (an event, a bookmark, a
    /// relist), for a caller that needs the store current to a revision it knows: it reads the
    /// version, then waits here while it is too old.
    /// </summary>
    public Task ResourceVersionAdvancedAsync(CancellationToken cancellationToken = default)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_dispatch) _advanceWaiters.Add(waiter);
        return waiter.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sets the store's version and wakes whoever waits for it to move (under the dispatch lock).</summary>
    private void Advance(string? resourceVersion)
    {
        Volatile.Write(ref _resourceVersion, resourceVersion);
        if (_advanceWaiters.Count == 0) return;
        foreach (var waiter in _advanceWaiters) waiter.TrySetResult();
        _advanceWaiters.Clear();
    }

    /// <summary>Lists and watches until cancelled; failures are logged and retried with backoff, never thrown.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var resync = _options.ResyncPeriod is { } period ? ResyncAsync(period, stop.Token) : Task.CompletedTask;
        var backoff = _options.MinBackoff;
        var needList = true;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var started = time.GetTimestamp();
                var events = 0;
                try
                {
                    if (needList)
                    {
                        await ListAsync(cancellationToken);
                        needList = false;
                    }
                    var timeout = _options.MinWatchTimeout * (1 + Random.Shared.NextDouble());
                    var watch = new WatchOptions
                    {
                        ResourceVersion = LastSyncResourceVersion,
                        LabelSelector = _options.LabelSelector,
                        FieldSelector = _options.FieldSelector,
                        AllowWatchBookmarks = true,
                        TimeoutSeconds = (int)timeout.TotalSeconds,
                    };
                    await foreach (var e in _client.WatchAsync(Type, _options.Namespace, watch, cancellationToken))
                    {
                        Apply(e);
                        events++;
                        backoff = _options.MinBackoff;
                    }
                    // A stream the server ends at once, again and again, would spin: treat it as a failure.
                    if (events > 0 || time.GetElapsedTime(started) >= TimeSpan.FromSeconds(1)) continue;
                    InformerLog.WatchEndedAtOnce(_logger, Type.GroupResource);
                }
                catch (ResourceExpiredException e) when (!needList)
                {
                    InformerLog.Relisting(_logger, Type.GroupResource, e.Message);
                    needList = true;
                    continue;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    // Whatever went wrong (apiserver down, a bad line, an error Status), a later list or watch may succeed.
                    InformerLog.Failed(_logger, Type.GroupResource, needList ? "list" : "watch", backoff, e);
                }
                try
                {
                    await Task.Delay(backoff, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await resync;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        // Page by page (as ListAllAsync), each page transformed as it comes, so that only one
        // page of whole objects is held at a time.
        var options = new ListOptions { LabelSelector = _options.LabelSelector, FieldSelector = _options.FieldSelector, Limit = _options.PageSize };
        // Keys are read before the transform (see Apply).
        var items = new List<KeyValuePair<string, T>>();
        string? resourceVersion = null;
        while (true)
        {
            var page = await _client.ListAsync(Type, _options.Namespace, options, cancellationToken);
            items.AddRange(page.Items.Select(obj => KeyValuePair.Create(ObjectKeys.KeyOf(obj), _read(obj))));
            resourceVersion ??= page.ResourceVersion;
            if (page.Continue is null) break;
            // Later pages come from the first page's snapshot; the continue token carries it.
            options = options with { Continue = page.Continue };
        }
        lock (_dispatch)
        {
            var before = Store.Items();
            var dropped = Store.Replace(items);
            Advance(resourceVersion);
            foreach (var (key, obj) in items)
            {
                if (before.TryGetValue(key, out var old)) Dispatch(h => h.OnUpdate(old, obj));
                else Dispatch(h => h.OnAdd(obj));
            }
            foreach (var obj in dropped) Dispatch(h => h.OnDelete(obj));
        }
        _synced.TrySetResult();
        InformerLog.Listed(_logger, Type.GroupResource, items.Count, resourceVersion);
    }

    private void Apply(WatchEvent e)
    {
        // The key and version are read from the object as it came: reading them opens an object,
        // and a transformed compact copy should stay one unread buffer in the store.
        var resourceVersion = ObjectMeta.ResourceVersion(e.Object);
        lock (_dispatch)
        {
            // Bookmarks carry only a resourceVersion: there is nothing to read or store.
            switch (e.Type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    var obj = _read(e.Object);
                    var old = Store.Upsert(ObjectKeys.KeyOf(e.Object), obj);
                    if (old is null) Dispatch(h => h.OnAdd(obj));
                    else Dispatch(h => h.OnUpdate(old, obj));
                    break;
                case WatchEventType.Deleted:
                    // The store's last version, when it has one, is what the handlers knew: the
                    // object the delete carries is read only when the store missed it.
                    var last = Store.Remove(ObjectKeys.KeyOf(e.Object));
                    var gone = last ?? _read(e.Object);
                    Dispatch(h => h.OnDelete(gone));
                    break;
            }
            if (resourceVersion is { Length: > 0 }) Advance(resourceVersion);
        }
    }

    private async Task ResyncAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(period, _options.TimeProvider, cancellationToken);
            if (!HasSynced) continue;
            lock (_dispatch)
            {
                foreach (var obj in Store.List()) Dispatch(h => h.OnUpdate(obj, obj));
            }
        }
    }

    private void Dispatch(Action<IInformerHandler<T>> call)
    {
        foreach (var handler in _handlers) Call(() => call(handler));
    }

    /// <summary>A handler that throws must not stop the informer or starve the other handlers.</summary>
    private void Call(Action call)
    {
        try
        {
            call();
        }
        catch (Exception e)
        {
            InformerLog.HandlerFailed(_logger, Type.GroupResource, e);
        }
    }
}
