namespace Obs.ServiceProxy.Routing;

/// <summary>
/// One declared route such as <c>/api/users/{id}</c>: literal segments match case-insensitively,
/// <c>{name}</c> (constraints and <c>?</c> ignored) matches one non-empty segment, <c>{*rest}</c> or
/// <c>{**rest}</c> as the last segment matches whatever remains.
/// </summary>
internal sealed class RouteTemplate
{
    private readonly string[] _segments;
    private readonly bool[] _parameter;
    private readonly bool _catchAll;

    private RouteTemplate(string text, string[] segments, bool[] parameter, bool catchAll)
    {
        Text = text;
        _segments = segments;
        _parameter = parameter;
        _catchAll = catchAll;
    }

    /// <summary>The template as declared, which becomes the <c>http_route</c> label.</summary>
    public string Text { get; }

    public static RouteTemplate? Parse(string text)
    {
        text = text.Trim();
        if (text.Length == 0 || text[0] != '/') return null;
        var parts = Split(text);
        var parameter = new bool[parts.Length];
        var catchAll = false;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length >= 2 && part[0] == '{' && part[^1] == '}')
            {
                if (part.StartsWith("{*", StringComparison.Ordinal))
                {
                    // A catch-all only makes sense last.
                    if (i != parts.Length - 1) return null;
                    catchAll = true;
                    Array.Resize(ref parts, parts.Length - 1);
                    Array.Resize(ref parameter, parameter.Length - 1);
                    break;
                }
                parameter[i] = true;
            }
            else if (part.Contains('{', StringComparison.Ordinal) || part.Contains('}', StringComparison.Ordinal))
            {
                return null;
            }
        }
        return new RouteTemplate(text, parts, parameter, catchAll);
    }

    public bool Matches(ReadOnlySpan<char> path)
    {
        var index = 0;
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.Length == 0) continue;
            if (index == _segments.Length) return _catchAll;
            if (!_parameter[index] && !segment.Equals(_segments[index], StringComparison.OrdinalIgnoreCase)) return false;
            index++;
        }
        return index == _segments.Length;
    }

    private static string[] Split(string text) => text.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
