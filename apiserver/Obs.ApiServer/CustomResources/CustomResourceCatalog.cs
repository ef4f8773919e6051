using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obs.Api.CustomResources;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.CustomResources;

/// <summary>
/// The resources CustomResourceDefinitions add, kept in step with the definitions in the watch cache. Every
/// apiserver runs one: a definition written through any replica reaches this one through its change feed,
/// and the served set is rebuilt whole and swapped in. It also does what apiextensions-apiserver's controllers
/// do: writes each definition's accepted names and conditions, and deletes a deleted definition's objects
/// before letting the definition go. Replicas compute the same status, so their writes agree.
/// </summary>
public sealed partial class CustomResourceCatalog(WatchCache cache, ObjectRegistry registry, TimeProvider time, ILogger<CustomResourceCatalog> logger) : BackgroundService
{
    private static readonly string Resource = ResourceTypes.CustomResourceDefinition.GroupResource;
    private static readonly WriteOptions Writes = new() { FieldManager = "obs-apiextensions" };
    private static readonly TimeSpan CleanupRetry = TimeSpan.FromSeconds(1);

    private volatile ServedCustomResources _served = ServedCustomResources.Empty;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the definitions in the cache at start-up are served; part of readiness.</summary>
    public Task Synced => _synced.Task;

    /// <summary>What is served now.</summary>
    public ServedCustomResources Served => _served;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await cache.Ready.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            // A cache reload closes every watch: watch again, from the definitions as they are now.
            using var watcher = cache.Watch(Resource, WatchFilter.Everything, fromRevision: null)!;
            var events = watcher.Events;
            while (true)
            {
                // Events are taken before the definitions are read: one arriving during the sync wakes the next one.
                while (events.TryRead(out _)) { }
                var pending = false;
                try
                {
                    pending = await SyncAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSyncFailed(logger, e);
                    pending = true;
                }
                if (events.Completion.IsCompleted) break;
                // A deletion still waiting for its objects to go is looked at again shortly; otherwise the next definition change wakes us.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                if (pending) wait.CancelAfter(CleanupRetry);
                try
                {
                    if (!await events.WaitToReadAsync(wait.Token)) break;
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }
        }
    }

    /// <summary>Rebuilds the served set from the cached definitions, then brings their status and deletions along. True when a deletion is still in progress.</summary>
    private async Task<bool> SyncAsync(CancellationToken cancellationToken)
    {
        var cached = new List<CachedObject>();
        cache.CopyObjects(Resource, cached);
        var definitions = cached.Select(o => o.ToMutable()).ToList();
        var verdicts = NameAcceptance.Decide(definitions);
        var served = new List<ResourceType>();
        foreach (var crd in definitions.OrderBy(d => d.StringAt("spec", "group"), StringComparer.Ordinal).ThenBy(d => d.StringAt("metadata", "name"), StringComparer.Ordinal))
        {
            if (verdicts.GetValueOrDefault(ObjectMeta.Name(crd) ?? "") is null) served.AddRange(CustomResourceDefinitions.ServedTypes(crd));
        }
        _served = new ServedCustomResources(served);
        _synced.TrySetResult();

        var pending = false;
        foreach (var crd in definitions)
        {
            var name = ObjectMeta.Name(crd) ?? "";
            var desired = DefinitionConditions.Desired(crd, verdicts.GetValueOrDefault(name), time.GetUtcNow());
            if (!JsonNode.DeepEquals(desired, crd["status"])) await WriteStatusAsync(name, verdicts.GetValueOrDefault(name), cancellationToken);
            if (ObjectMeta.DeletionTimestamp(crd) is not null && ObjectMeta.Finalizers(crd).Contains(CustomResourceDefinitions.CleanupFinalizer))
                pending |= !await CleanUpAsync(crd, cancellationToken);
        }
        return pending;
    }

    private async Task WriteStatusAsync(string name, NameAcceptance.Conflict? conflict, CancellationToken cancellationToken)
    {
        try
        {
            await registry.ModifyAsync(ResourceTypes.CustomResourceDefinition, null, name, "status", current =>
            {
                current["status"] = DefinitionConditions.Desired(current, conflict, time.GetUtcNow());
                return current;
            }, Writes, cancellationToken);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Gone, or changed meanwhile: the change brings another sync.
        }
    }

    /// <summary>Deletes the definition's objects; once none is left, removes the finalizer and the definition goes. True when done.</summary>
    private async Task<bool> CleanUpAsync(JsonObject crd, CancellationToken cancellationToken)
    {
        var types = CustomResourceDefinitions.ServedTypes(crd);
        if (types.Count > 0)
        {
            var storage = types[0].Storage;
            var (items, _) = cache.List(storage.GroupResource, WatchFilter.Everything);
            foreach (var item in items)
            {
                try
                {
                    await registry.DeleteAsync(storage, item.Key.Namespace, item.Key.Name, new DeleteOptions(), cancellationToken);
                }
                catch (ApiException e) when (e.Code is 404 or 409)
                {
                }
            }
            // The definition goes once a later look finds no object left (objects with finalizers of their own wait for them).
            if (items.Count > 0) return false;
        }
        try
        {
            await registry.ModifyAsync(ResourceTypes.CustomResourceDefinition, null, ObjectMeta.Name(crd)!, null, current =>
            {
                var finalizers = ObjectMeta.Finalizers(current).Where(f => f != CustomResourceDefinitions.CleanupFinalizer).Select(f => (JsonNode)f).ToArray();
                var meta = current.Ensure("metadata");
                if (finalizers.Length == 0) meta.Remove("finalizers");
                else meta["finalizers"] = new JsonArray(finalizers);
                return current;
            }, Writes, cancellationToken);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Custom resource definitions could not be synced; retrying")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
