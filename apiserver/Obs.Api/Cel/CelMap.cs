using System.Text.Json.Nodes;
using Obs.Api.CustomResources;

namespace Obs.Api.Cel;

/// <summary>
/// A CEL map, or an object of a schema (Kubernetes gives both the same shape: fields by name). Over JSON
/// the values are converted when read with the schema of the property or of additionalProperties; a
/// field whose value is null counts as absent, as Kubernetes' CEL binding treats it.
/// </summary>
public sealed class CelMap
{
    private readonly JsonObject? _json;
    private readonly StructuralSchema? _schema;
    private readonly IReadOnlyList<KeyValuePair<object, object?>>? _entries;

    /// <summary>A map from a literal: keys are strings, ints, uints or bools, each once.</summary>
    public CelMap(IReadOnlyList<KeyValuePair<object, object?>> entries) => _entries = entries;

    internal CelMap(JsonObject json, StructuralSchema? schema)
    {
        _json = json;
        _schema = schema;
    }

    /// <summary>The schema this object was read with (null for a literal or schemaless JSON).</summary>
    internal StructuralSchema? Schema => _schema;

    public int Count => _entries?.Count ?? _json!.Count(p => p.Value is not null);

    public IEnumerable<object> Keys => _entries?.Select(e => e.Key) ?? _json!.Where(p => p.Value is not null).Select(p => (object)p.Key);

    public bool TryGet(object? key, out object? value)
    {
        if (_entries is not null)
        {
            foreach (var (k, v) in _entries)
            {
                if (CelEquality.KeysEqual(k, key))
                {
                    value = v;
                    return true;
                }
            }
            value = null;
            return false;
        }
        value = null;
        if (key is not string name || !_json!.TryGetPropertyValue(name, out var node) || node is null) return false;
        value = CelValues.FromJson(node, SchemaOf(name));
        return true;
    }

    /// <summary>A field selected by name; Kubernetes escapes names CEL cannot spell (<c>__dash__</c>, <c>__dot__</c>, ...).</summary>
    public bool TryGetField(string field, out object? value) =>
        TryGet(field, out value) || (field.Contains("__", StringComparison.Ordinal) && TryGet(CelFieldNames.Unescape(field), out value));

    private StructuralSchema? SchemaOf(string name) =>
        _schema is null ? null
        : _schema.Properties.TryGetValue(name, out var property) ? property
        : _schema.AdditionalProperties;
}
