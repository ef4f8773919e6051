using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Client.Informers;

/// <summary>
/// One informer per resource (and namespace and selectors) for a whole process, as client-go's
/// SharedInformerFactory: controllers that all need pods share one LIST/WATCH and one cache.
/// </summary>
public sealed class InformerFactory(ApiClient client, ILoggerFactory? loggers = null)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(ResourceType, string?, string?, string?), Informer> _informers = [];
    private readonly List<(Informer Informer, Task Running)> _started = [];

    /// <summary>
    /// The shared informer for what <paramref name="options"/> selects, created on first use. Its
    /// indexers are added to an existing informer's store; other options of later callers are ignored.
    /// </summary>
    public Informer For(ResourceType type, InformerOptions? options = null)
    {
        options ??= new InformerOptions();
        var key = (type, options.Namespace, options.LabelSelector, options.FieldSelector);
        lock (_lock)
        {
            if (!_informers.TryGetValue(key, out var informer))
            {
                var logger = (ILogger?)loggers?.CreateLogger($"Obs.Client.Informers.Informer[{type.GroupResource}]") ?? NullLogger.Instance;
                _informers[key] = informer = new Informer(client, type, options, logger);
                return informer;
            }
            foreach (var (name, indexer) in options.Indexers ?? new Dictionary<string, Func<JsonObject, IEnumerable<string>>>())
            {
                if (!informer.Store.HasIndex(name)) informer.Store.AddIndexer(name, indexer);
            }
            return informer;
        }
    }

    /// <summary>Starts every informer not yet running; they run until <paramref name="cancellationToken"/> is cancelled.</summary>
    public void Start(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var informer in _informers.Values)
            {
                if (_started.Any(s => ReferenceEquals(s.Informer, informer))) continue;
                _started.Add((informer, Task.Run(() => informer.RunAsync(cancellationToken), CancellationToken.None)));
            }
        }
    }

    /// <summary>Waits until every started informer has synced: controllers start their workers only then.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.WhenAll(_started.Select(s => s.Informer.WaitForSyncAsync(cancellationToken)));
    }

    /// <summary>Completes when every started informer has stopped (after cancellation).</summary>
    public Task StoppedAsync()
    {
        lock (_lock) return Task.WhenAll(_started.Select(s => s.Running));
    }
}
