using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.CustomResources;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.GarbageCollection;

/// <summary>
/// What the garbage collector's discovery-driven monitors do in Kubernetes: one informer per custom resource of an
/// established CustomResourceDefinition, started when the definition is established and stopped when it goes, so
/// that objects owned by custom objects, and custom objects owned by anything, are collected like the rest.
/// The informer watches the storage version; objects of every served version are stored as it.
/// </summary>
internal sealed class CustomResourceMonitors(ApiClient client, GarbageCollector collector, ILogger logger)
{
    private sealed record Monitor(string Shape, ResourceType Storage, CancellationTokenSource Stop);

    private readonly Dictionary<string, Monitor> _running = new(StringComparer.Ordinal);

    // Every definition event syncs them all: a definition unchanged since it was last read is not read again.
    private readonly Dictionary<string, (string? ResourceVersion, IReadOnlyList<ResourceType> Served)> _read = new(StringComparer.Ordinal);
    private bool _stopped;

    /// <summary>Brings the monitors in line with <paramref name="definitions"/>, all the definitions there are now.</summary>
    public void Sync(IReadOnlyList<JsonObject> definitions)
    {
        lock (_running)
        {
            if (_stopped) return;
            var desired = new Dictionary<string, IReadOnlyList<ResourceType>>(StringComparer.Ordinal);
            foreach (var crd in definitions)
            {
                if (!IsEstablished(crd)) continue;
                var served = Read(crd);
                if (served.Count > 0) desired[ObjectMeta.Name(crd) ?? ""] = served;
            }
            foreach (var name in _read.Keys.Where(n => !desired.ContainsKey(n)).ToList()) _read.Remove(name);
            foreach (var (name, monitor) in _running.ToList())
            {
                if (desired.TryGetValue(name, out var served) && Shape(served) == monitor.Shape) continue;
                Stop(monitor);
                _running.Remove(name);
            }
            foreach (var (name, served) in desired)
            {
                if (!_running.ContainsKey(name)) _running[name] = Start(served);
            }
        }
    }

    private IReadOnlyList<ResourceType> Read(JsonObject crd)
    {
        var name = ObjectMeta.Name(crd) ?? "";
        var version = ObjectMeta.ResourceVersion(crd);
        if (_read.TryGetValue(name, out var read) && read.ResourceVersion == version) return read.Served;
        var served = CustomResourceDefinitions.ServedTypes(crd);
        _read[name] = (version, served);
        return served;
    }

    /// <summary>Stops every monitor; later definition changes start none.</summary>
    public void StopAll()
    {
        lock (_running)
        {
            _stopped = true;
            foreach (var monitor in _running.Values) Stop(monitor);
            _running.Clear();
        }
    }

    private Monitor Start(IReadOnlyList<ResourceType> served)
    {
        var storage = served[0].Storage;
        var informer = new Informer(client, storage, new InformerOptions { Indexers = SharedInformers.Indexers }, logger);
        informer.AddHandler(collector.HandlerFor(storage));
        collector.Follow(served, informer.Lister);
        var stop = new CancellationTokenSource();
        // The informer logs and retries its own failures, and returns once stopped.
        _ = Task.Run(() => informer.RunAsync(stop.Token), CancellationToken.None);
        // Dependents looked at before this kind was known were left alone: look at them again once its objects are cached.
        _ = informer.WaitForSyncAsync(stop.Token).ContinueWith(t => { if (t.IsCompletedSuccessfully) collector.RecheckDependentsOf(served); }, TaskScheduler.Default);
        return new Monitor(Shape(served), storage, stop);
    }

    private void Stop(Monitor monitor)
    {
        monitor.Stop.Cancel();
        collector.Unfollow(monitor.Storage);
    }

    /// <summary>What a monitor depends on: a definition whose names, scope or versions change gets a new one.</summary>
    private static string Shape(IReadOnlyList<ResourceType> served)
    {
        var storage = served[0].Storage;
        return $"{storage.GroupResource}|{storage.Version}|{storage.Kind}|{storage.Namespaced}|{string.Join(',', served.Select(t => t.ApiVersion))}";
    }

    private static bool IsEstablished(JsonObject crd) =>
        (crd.At("status", "conditions") as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => c.StringAt("type") == "Established" && c.StringAt("status") == "True");
}
