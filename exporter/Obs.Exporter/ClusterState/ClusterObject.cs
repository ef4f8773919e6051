using System.Text.Json;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// One object as the source holds it: <see cref="Root"/> is the parsed object and <see cref="Version"/> a
/// reference that stays the same while the object is unchanged and is a new one whenever it changes (the
/// watch cache's entry, which is replaced on every change). The collector keeps each object's rendered
/// lines under its version, so a scrape renders only what changed since the previous one.
/// </summary>
public readonly struct ClusterObject
{
    private readonly JsonElement _root;
    private readonly Func<object, JsonElement>? _parse;

    public ClusterObject(object version, JsonElement root)
    {
        Version = version;
        _root = root;
    }

    /// <summary>
    /// An object the source keeps unparsed (the apiserver's watch cache keeps bytes): <paramref name="parse"/>
    /// reads it from its version when it is rendered, so a scrape parses only what changed since the last.
    /// </summary>
    public ClusterObject(object version, Func<object, JsonElement> parse)
    {
        Version = version;
        _parse = parse;
    }

    public object Version { get; }

    public JsonElement Root => _parse is null ? _root : _parse(Version);

    public void Deconstruct(out object version, out JsonElement root)
    {
        version = Version;
        root = Root;
    }
}
