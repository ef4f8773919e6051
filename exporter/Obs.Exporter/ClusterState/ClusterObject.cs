using System.Text.Json;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// One object as the source holds it, under a <see cref="Version"/>: a reference that stays the same while the
/// object is unchanged and is a new one whenever it changes (the watch cache's entry, which is replaced on every
/// change). The collector keeps each object's rendered lines under its version, so a scrape reads (<see cref="Read{T}"/>)
/// only what changed since the previous one.
/// </summary>
public readonly struct ClusterObject
{
    private readonly JsonElement _root;
    private readonly Func<object, JsonDocument>? _parse;

    public ClusterObject(object version, JsonElement root)
    {
        Version = version;
        _root = root;
    }

    /// <summary>
    /// An object the source keeps unparsed (the apiserver's watch cache keeps bytes): <paramref name="parse"/>
    /// reads it from its version when it is rendered, and the document is disposed once it has been (its
    /// buffers are pooled: 50,000 pods rendered at a first scrape would otherwise leave them all to the GC).
    /// </summary>
    public ClusterObject(object version, Func<object, JsonDocument> parse)
    {
        Version = version;
        _parse = parse;
    }

    public object Version { get; }

    /// <summary>What <paramref name="read"/> takes from the object's root; it must keep nothing of the element.</summary>
    public T Read<T>(Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (_parse is null)
        {
            return read(_root);
        }
        using var document = _parse(Version);
        return read(document.RootElement);
    }
}
