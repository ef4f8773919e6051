using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Client.Rest;

namespace Obs.Controllers.Hosting;

/// <summary>
/// client-go's SharedInformerFactory: one informer per resource whatever the number of
/// controllers reading it, each store indexed by controller owner uid and by every owner uid.
/// </summary>
public sealed class SharedInformers(ApiClient client, ILoggerFactory? loggers = null, TimeSpan? resync = null)
{
    public const string ByControllerUid = "controllerUid";
    public const string ByOwnerUid = "ownerUid";
    public const string ByUid = "uid";

    private readonly Dictionary<ResourceType, Informer> _informers = [];
    private readonly ILoggerFactory _loggers = loggers ?? NullLoggerFactory.Instance;

    public static IReadOnlyDictionary<string, Func<System.Text.Json.Nodes.JsonObject, IEnumerable<string>>> Indexers { get; } =
        new Dictionary<string, Func<System.Text.Json.Nodes.JsonObject, IEnumerable<string>>>
        {
            [ByControllerUid] = StoreIndexers.ByControllerUid,
            [ByOwnerUid] = OwnerReferences.OwnerUids,
            [ByUid] = StoreIndexers.ByField("metadata", "uid"),
        };

    public Informer For(ResourceType type)
    {
        lock (_informers)
        {
            if (_informers.TryGetValue(type, out var informer)) return informer;
            informer = new Informer(client, type, new InformerOptions { Indexers = Indexers, ResyncPeriod = resync },
                _loggers.CreateLogger("Obs.Controllers.Informer." + type.Plural));
            _informers[type] = informer;
            return informer;
        }
    }

    public IReadOnlyList<Informer> All
    {
        get { lock (_informers) return [.. _informers.Values]; }
    }

    /// <summary>Runs every informer asked for so far until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(All.Select(i => Task.Run(() => i.RunAsync(cancellationToken), CancellationToken.None)));

    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(All.Select(i => i.WaitForSyncAsync(cancellationToken)));
}
