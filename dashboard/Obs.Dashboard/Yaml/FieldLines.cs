namespace Obs.Dashboard.Yaml;

/// <summary>
/// Where each field of a document is written: paths as the API names fields in
/// <c>Status.details.causes[].field</c> (<c>spec.replicas</c>, <c>spec.template.spec.containers[0].image</c>,
/// <c>metadata.labels[app]</c>) to the 1-based line of the key or list item.
/// </summary>
public sealed class FieldLines
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public FieldLines(int documentLine) => DocumentLine = documentLine;

    /// <summary>The document's first line: where a problem with no field (or an unknown one) is shown.</summary>
    public int DocumentLine { get; }

    public int Count => _lines.Count;

    internal void Add(string path, int line) => _lines.TryAdd(path, line);

    /// <summary>
    /// The line of the field, or of its nearest written parent: a required field that is missing
    /// (<c>spec.selector</c>) is shown where <c>spec</c> is; a path naming nothing at all, at the document's start.
    /// </summary>
    public int LineOf(string? field)
    {
        var path = Normalize((field ?? "").Trim());
        while (path.Length > 0)
        {
            if (_lines.TryGetValue(path, out var line)) return line;
            path = Parent(path);
        }
        return DocumentLine;
    }

    /// <summary>
    /// Map keys are stored as <c>a.key</c>; the API also names them <c>a[key]</c> (labels, data). A
    /// bracket holding anything but digits is a key, so it is rewritten to the dotted form.
    /// </summary>
    public static string Normalize(string path)
    {
        var text = new System.Text.StringBuilder(path.Length);
        var i = 0;
        while (i < path.Length)
        {
            var close = path[i] == '[' ? path.IndexOf(']', i) : -1;
            if (close > i && !path.AsSpan(i + 1, close - i - 1).ContainsAnyExceptInRange('0', '9') && close > i + 1)
            {
                text.Append(path, i, close - i + 1);
                i = close + 1;
            }
            else if (close > i)
            {
                text.Append('.').Append(path, i + 1, close - i - 1);
                i = close + 1;
            }
            else text.Append(path[i++]);
        }
        return text.ToString();
    }

    /// <summary><c>a.b[0].c</c> → <c>a.b[0]</c> → <c>a.b</c> → <c>a</c> → "". A key holding dots is cut at them, which still ends at its map.</summary>
    internal static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.EndsWith(']') ? path.LastIndexOf('[') : -1);
        return cut <= 0 ? "" : path[..cut];
    }
}
