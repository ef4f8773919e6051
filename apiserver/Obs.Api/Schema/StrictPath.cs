using System.Text;

namespace Obs.Api.Schema;

/// <summary>
/// Where <see cref="StrictDecoder"/> stands in a body: the fields, list indexes and map keys down to the current value,
/// kept as a stack and turned into text only when a problem is reported. Built eagerly as strings, the paths of every
/// field of every body cost more allocation than the check itself, and almost every body has no problem.
/// <para>
/// <see cref="Path"/> has the list indexes and map keys (for strict messages); <see cref="GoPath"/> only the field names
/// (Go's unmarshal errors print it so), and <see cref="GoStruct"/> is the Go struct that holds the value.
/// </para>
/// </summary>
internal sealed class StrictPath(string rootStruct)
{
    private readonly List<Segment> _segments = [];

    /// <summary>A field: its name and the struct it belongs to. A map key has a name and no owner; a list index no name.</summary>
    private readonly record struct Segment(string? Name, string? Owner, int Index);

    public void PushField(string name, string owner) => _segments.Add(new Segment(name, owner, -1));

    public void PushIndex(int index) => _segments.Add(new Segment(null, null, index));

    public void PushMapKey(string key) => _segments.Add(new Segment(key, null, -1));

    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    public string Path
    {
        get
        {
            var text = new StringBuilder();
            foreach (var segment in _segments)
            {
                if (segment.Name is null) text.Append('[').Append(segment.Index).Append(']');
                else (text.Length == 0 ? text : text.Append('.')).Append(segment.Name);
            }
            return text.ToString();
        }
    }

    public string GoPath => string.Join('.', _segments.Where(s => s.Owner is not null).Select(s => s.Name));

    public string GoStruct => _segments.LastOrDefault(s => s.Owner is not null).Owner ?? rootStruct;
}
