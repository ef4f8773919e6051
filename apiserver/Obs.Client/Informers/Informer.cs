using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Client.Informers;

/// <summary>
/// An informer that keeps objects as JSON (passed through <see cref="InformerOptions.Transform"/>
/// when one is set), indexed as <see cref="InformerOptions.Indexers"/> asks: what controllers read through its <see cref="Lister"/>.
/// </summary>
public sealed class Informer : Informer<JsonObject>
{
    public Informer(ApiClient client, ResourceType type, InformerOptions? options = null, ILogger? logger = null)
        : base(client, type, options?.Transform ?? Unchanged, new IndexedStore(options?.Indexers), options, logger)
    {
        Lister = new Lister(Store);
    }

    /// <summary>The store, with the JSON-only ways to write to it.</summary>
    public new IndexedStore Store => (IndexedStore)base.Store;

    public Lister Lister { get; }

    private static JsonObject Unchanged(JsonObject obj) => obj;
}
