using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Events;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.GarbageCollection;

/// <summary>
/// The garbage collector (pkg/controller/garbagecollector), level-triggered over the shared
/// informers rather than a dependency graph: an object whose owners are all gone is deleted;
/// an owner deleted in the foreground waits (its <c>foregroundDeletion</c> finalizer) until its
/// blocking dependents are gone; an owner deleted with <c>orphan</c> first has every reference
/// to it removed from its dependents. Keys are <c>group-resource|namespace|name</c>. Custom resources
/// are followed as their definitions come and go (<see cref="CustomResourceMonitors"/>).
/// </summary>
public sealed class GarbageCollector : QueueController
{
    public const string ForegroundFinalizer = "foregroundDeletion";
    public const string OrphanFinalizer = "orphan";

    private volatile CollectedResources _types;
    private readonly IObjectControl _control;
    private readonly Func<ResourceType, string?, string, CancellationToken, Task<JsonObject?>> _liveGet;

    internal GarbageCollector(IReadOnlyDictionary<ResourceType, Lister> listers, IObjectControl control,
        Func<ResourceType, string?, string, CancellationToken, Task<JsonObject?>> liveGet, ILogger logger)
        : base("garbagecollector", logger)
    {
        _types = new CollectedResources(listers);
        _control = control;
        _liveGet = liveGet;
    }

    /// <summary>Every served resource but Events (which nothing owns) is watched.</summary>
    public static IEnumerable<ResourceType> Watched => ResourceTypes.All.Where(t => t != ResourceTypes.Event);

    private CustomResourceMonitors? _monitors;

    public static GarbageCollector Create(SharedInformers informers, IObjectControl control, ApiClient client, ILogger logger)
    {
        var listers = Watched.ToDictionary(t => t, t => informers.For(t).Lister);
        var collector = new GarbageCollector(listers, control, (type, ns, name, ct) => client.TryGetAsync(type, ns, name, ct), logger);
        collector.WaitFor([.. Watched.Select(informers.For)]);
        foreach (var type in Watched) informers.For(type).AddHandler(collector.HandlerFor(type));
        var monitors = collector._monitors = new CustomResourceMonitors(client, collector, logger);
        var definitions = informers.For(ResourceTypes.CustomResourceDefinition);
        void Definitions() => monitors.Sync(definitions.Lister.List());
        definitions.AddHandler(new InformerHandler(_ => Definitions(), (_, _) => Definitions(), _ => Definitions()));
        return collector;
    }

    /// <summary>Stops following custom resources with the workers: the next leader starts its own.</summary>
    public override async Task RunAsync(int workers, CancellationToken cancellationToken)
    {
        try
        {
            await base.RunAsync(workers, cancellationToken);
        }
        finally
        {
            _monitors?.StopAll();
        }
    }

    /// <summary>What the informer of <paramref name="type"/> tells the collector.</summary>
    internal InformerHandler HandlerFor(ResourceType type) => new(
        obj => OnChanged(type, null, obj),
        (old, obj) => OnChanged(type, old, obj),
        obj => OnDeleted(type, obj));

    /// <summary>Follows a custom resource: its objects, cached in <paramref name="lister"/>, are owners and dependents from now on.</summary>
    internal void Follow(IReadOnlyList<ResourceType> served, Lister lister)
    {
        lock (_typesLock) _types = _types.With(served, lister);
    }

    internal void Unfollow(ResourceType storage)
    {
        lock (_typesLock) _types = _types.Without(storage);
    }

    private readonly Lock _typesLock = new();

    /// <summary>Enqueues every object with an owner of these kinds: one looked at before the kind was followed was left alone.</summary>
    internal void RecheckDependentsOf(IReadOnlyList<ResourceType> served)
    {
        var kinds = served.Select(t => (t.ApiVersion, t.Kind)).ToHashSet();
        foreach (var (type, lister) in _types.All)
        {
            foreach (var obj in lister.List())
            {
                if (OwnerReferences.Of(obj).Any(r => kinds.Contains((r.StringAt("apiVersion") ?? "", r.StringAt("kind") ?? "")))) Enqueue(KeyFor(type, obj));
            }
        }
    }

    public static string KeyFor(ResourceType type, JsonNode obj) => $"{type.GroupResource}|{ObjectMeta.Namespace(obj)}|{ObjectMeta.Name(obj)}";

    private void OnChanged(ResourceType type, JsonObject? old, JsonObject obj)
    {
        if (OwnerReferences.Of(obj).Count > 0 || IsDeletingWith(obj, ForegroundFinalizer) || IsDeletingWith(obj, OrphanFinalizer))
            Enqueue(KeyFor(type, obj));
        if (old is not null)
        {
            foreach (var uid in OwnerReferences.OwnerUids(old)) EnqueueByUid(uid);
        }
    }

    private void OnDeleted(ResourceType type, JsonObject obj)
    {
        foreach (var uid in OwnerReferences.OwnerUids(obj)) EnqueueByUid(uid);
        if (ObjectMeta.Uid(obj) is { } own)
        {
            foreach (var (t, dependent) in Dependents(own)) Enqueue(KeyFor(t, dependent));
        }
    }

    private void EnqueueByUid(string uid)
    {
        foreach (var (type, lister) in _types.All)
        {
            foreach (var owner in lister.ByIndex(SharedInformers.ByUid, uid)) Enqueue(KeyFor(type, owner));
        }
    }

    private IEnumerable<(ResourceType Type, JsonObject Object)> Dependents(string ownerUid)
    {
        foreach (var (type, lister) in _types.All)
        {
            foreach (var dependent in lister.ByIndex(SharedInformers.ByOwnerUid, ownerUid)) yield return (type, dependent);
        }
    }

    private static bool IsDeletingWith(JsonNode obj, string finalizer) =>
        ObjectMeta.DeletionTimestamp(obj) is not null && ObjectMeta.Finalizers(obj).Contains(finalizer);

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var parts = key.Split('|');
        if (parts.Length != 3 || !_types.TryGet(parts[0], out var entry)) return;
        var ns = parts[1].Length == 0 ? null : parts[1];
        var obj = entry.Lister.Get(ns, parts[2]);
        if (obj is null) return;
        var uid = ObjectMeta.Uid(obj)!;

        if (IsDeletingWith(obj, OrphanFinalizer))
        {
            foreach (var (type, dependent) in Dependents(uid).ToList())
            {
                var kept = OwnerReferences.Of(dependent).Where(r => r.StringAt("uid") != uid);
                await PatchIgnoringGoneAsync(type, dependent, OwnerReferences.Patch(dependent, kept), cancellationToken);
            }
            await RemoveFinalizerAsync(entry.Type, obj, OrphanFinalizer, cancellationToken);
            return;
        }
        if (IsDeletingWith(obj, ForegroundFinalizer))
        {
            var blocking = 0;
            foreach (var (type, dependent) in Dependents(uid))
            {
                Enqueue(KeyFor(type, dependent));
                if (OwnerReferences.Of(dependent).Any(r => r.StringAt("uid") == uid && r.BoolAt("blockOwnerDeletion") == true)) blocking++;
            }
            if (blocking == 0) await RemoveFinalizerAsync(entry.Type, obj, ForegroundFinalizer, cancellationToken);
            return;
        }
        if (OwnerReferences.Of(obj).Count > 0) await AttemptToDeleteAsync(entry.Type, obj, cancellationToken);
    }

    private async Task AttemptToDeleteAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken)
    {
        var ns = ObjectMeta.Namespace(obj);
        var solid = 0;
        var goneOrWaiting = new HashSet<string>(StringComparer.Ordinal);
        var waiting = 0;
        foreach (var reference in OwnerReferences.Of(obj))
        {
            var ownerUid = reference.StringAt("uid") ?? "";
            var ownerType = _types.FindByKind(reference.StringAt("apiVersion") ?? "", reference.StringAt("kind") ?? "");
            if (ownerType is null)
            {
                // An owner of a kind this server does not serve cannot be checked: leave the dependent be.
                solid++;
                continue;
            }
            var owner = await OwnerAsync(ownerType, ownerType.Namespaced ? ns : null, reference.StringAt("name") ?? "", ownerUid, cancellationToken);
            if (owner is null)
            {
                goneOrWaiting.Add(ownerUid);
                if (PointsAcrossNamespaces(ownerType, ns, ownerUid)) ReportInvalidNamespace(type, obj, reference);
            }
            else if (IsDeletingWith(owner, ForegroundFinalizer))
            {
                goneOrWaiting.Add(ownerUid);
                waiting++;
            }
            else solid++;
        }
        if (solid > 0)
        {
            if (goneOrWaiting.Count == 0) return;
            var kept = OwnerReferences.Of(obj).Where(r => !goneOrWaiting.Contains(r.StringAt("uid") ?? ""));
            await PatchIgnoringGoneAsync(type, obj, OwnerReferences.Patch(obj, kept), cancellationToken);
            return;
        }
        if (ObjectMeta.DeletionTimestamp(obj) is not null) return;
        string policy;
        if (waiting > 0 && Dependents(ObjectMeta.Uid(obj)!).Any()) policy = "Foreground";
        else if (ObjectMeta.Finalizers(obj).Contains(OrphanFinalizer)) policy = "Orphan";
        else if (ObjectMeta.Finalizers(obj).Contains(ForegroundFinalizer)) policy = "Foreground";
        else policy = "Background";
        await _control.DeleteAsync(type, ns, ObjectMeta.Name(obj)!, ObjectMeta.Uid(obj), policy, cancellationToken);
    }

    /// <summary>
    /// A reference no owner can answer because owners live in their dependent's namespace: a
    /// cluster-scoped dependent naming a namespaced kind, or the uid found in another namespace.
    /// </summary>
    private bool PointsAcrossNamespaces(ResourceType ownerType, string? ns, string ownerUid) =>
        ownerType.Namespaced
        && (ns is null || (_types.TryGet(ownerType.GroupResource, out var entry) && entry.Lister.ByIndex(SharedInformers.ByUid, ownerUid).Any(o => ObjectMeta.Namespace(o) != ns)));

    /// <summary>As the graph builder's reportInvalidNamespaceOwnerRef: a Warning on the dependent, which is then collected as an orphan.</summary>
    private void ReportInvalidNamespace(ResourceType type, JsonObject obj, JsonNode reference)
    {
        var owner = $"[{reference.StringAt("apiVersion")}/{reference.StringAt("kind")}, namespace: {ObjectMeta.Namespace(obj)}, name: {reference.StringAt("name")}, uid: {reference.StringAt("uid")}]";
        _control.RecordEvent("garbage-collector-controller", InvolvedObject.From(type, obj), EventTypes.Warning, "OwnerRefInvalidNamespace",
            $"ownerRef {owner} does not resolve to a parent with the same namespace as the dependent");
    }

    /// <summary>The owner with that uid: from the cache, else from the apiserver (the cache may not have seen it yet).</summary>
    private async Task<JsonObject?> OwnerAsync(ResourceType type, string? ns, string name, string uid, CancellationToken cancellationToken)
    {
        if (_types.TryGet(type.GroupResource, out var entry) && entry.Lister.Get(ns, name) is { } cached && ObjectMeta.Uid(cached) == uid) return cached;
        var live = await _liveGet(type, ns, name, cancellationToken);
        return live is not null && ObjectMeta.Uid(live) == uid ? live : null;
    }

    private async Task RemoveFinalizerAsync(ResourceType type, JsonObject obj, string finalizer, CancellationToken cancellationToken)
    {
        var rest = ObjectMeta.Finalizers(obj).Where(f => f != finalizer).Select(f => (JsonNode)f).ToArray();
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = rest.Length == 0 ? null : new JsonArray(rest),
                ["resourceVersion"] = ObjectMeta.ResourceVersion(obj),
            },
        };
        await PatchIgnoringGoneAsync(type, obj, patch, cancellationToken);
    }

    private async Task PatchIgnoringGoneAsync(ResourceType type, JsonObject obj, JsonObject patch, CancellationToken cancellationToken)
    {
        try
        {
            await _control.PatchAsync(type, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj)!, patch, cancellationToken);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
    }
}
