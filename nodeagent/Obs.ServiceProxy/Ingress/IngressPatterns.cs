using System.Text.RegularExpressions;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// The regular expressions of Ingress paths (<see cref="IngressPathType.Regex"/>), made once per path text and
/// kept across table builds, which run at every endpoint change. Case-insensitive and anchored at the start of
/// the path, as ingress-nginx's <c>location ~* "^…"</c>; linear-time (RE2-like, which Kubernetes documents for
/// these paths), so no path from a user can make matching slow. Used by one table build at a time.
/// </summary>
internal sealed class IngressPatterns
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    private Dictionary<string, (Regex? Pattern, string? Problem)> _previous = new(StringComparer.Ordinal);
    private Dictionary<string, (Regex? Pattern, string? Problem)> _current = new(StringComparer.Ordinal);

    /// <returns>The pattern, or null and why the path is not a regular expression this proxy can run.</returns>
    public (Regex? Pattern, string? Problem) Get(string path)
    {
        if (_current.TryGetValue(path, out var made)) return made;
        if (!_previous.TryGetValue(path, out made)) made = Make(path);
        return _current[path] = made;
    }

    /// <summary>Forgets the paths no <see cref="Get"/> asked for since the last call.</summary>
    public void DropUnused()
    {
        _previous = _current;
        _current = new(StringComparer.Ordinal);
    }

    private static (Regex?, string?) Make(string path)
    {
        try
        {
            return (new Regex("^(?:" + path + ")", Options), null);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // NotSupportedException: backreferences and lookarounds, which RE2 lacks too.
            return (null, $"path \"{path}\" is not a regular expression the ingress proxy can use: {e.Message}");
        }
    }
}
