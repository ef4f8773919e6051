using System.Text.Json.Nodes;

namespace Obs.Client.Informers;

/// <summary>What an informer lists and watches, and how it paces itself.</summary>
public sealed record InformerOptions
{
    /// <summary>Null watches every namespace.</summary>
    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }

    /// <summary>Items per LIST page.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>When set, every object is handed to OnUpdate(obj, obj) this often, so controllers re-check what no event changed.</summary>
    public TimeSpan? ResyncPeriod { get; init; }

    /// <summary>Extra store indexes by name (the namespace index is always there).</summary>
    public IReadOnlyDictionary<string, Func<JsonObject, IEnumerable<string>>>? Indexers { get; init; }

    /// <summary>
    /// Applied to every listed or watched object before the store keeps it and handlers hear of
    /// it, as client-go's SetTransform: a component that reads little of each object (the
    /// scheduler) keeps a small copy instead of the whole tree. The store's key and the informer's
    /// resourceVersion are read from the object as it came, so the copy is not opened to read
    /// them; it should still keep metadata.namespace and metadata.name for its readers. Null keeps objects as they came.
    /// Used by <see cref="Informer"/>; an <see cref="Informer{T}"/> is given its own reading of each object.
    /// </summary>
    public Func<JsonObject, JsonObject>? Transform { get; init; }

    /// <summary>Server-side watch timeout; client-go picks 5–10 minutes at random so that watches do not all end together.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First wait after a failed list or watch; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
