using System.Collections;
using System.Text.Json.Nodes;
using Obs.Api.CustomResources;

namespace Obs.Api.Cel;

/// <summary>
/// A CEL list. Over JSON it converts each element when read, with the schema of the array's items, so
/// a rule that looks at one element does not convert the whole array.
/// </summary>
public sealed class CelList : IReadOnlyList<object?>
{
    private readonly JsonArray? _json;
    private readonly StructuralSchema? _items;
    private readonly IReadOnlyList<object?>? _values;

    public CelList(IReadOnlyList<object?> values) => _values = values;

    internal CelList(JsonArray json, StructuralSchema? items, bool unordered)
    {
        _json = json;
        _items = items;
        Unordered = unordered;
    }

    /// <summary>A <c>listType: set</c> or <c>map</c> list: Kubernetes compares such lists without regard to order.</summary>
    public bool Unordered { get; }

    public int Count => _values?.Count ?? _json!.Count;

    public object? this[int index] => _values is not null ? _values[index] : CelValues.FromJson(_json![index], _items);

    public IEnumerator<object?> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
