using System.Text.RegularExpressions;

namespace Obs.Api.Cel;

/// <summary>
/// A URL as Kubernetes' <c>url()</c> takes it (Go's <c>url.ParseRequestURI</c>): an absolute URL with a
/// scheme, or an absolute path; no fragment.
/// </summary>
public sealed partial record CelUrl(string Text, string Scheme, string Host, string EscapedPath, string RawQuery)
{
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex SchemePrefix();

    public static CelUrl? TryParse(string text)
    {
        if (text.Length == 0 || text.Any(c => char.IsControl(c) || c == ' ')) return null;
        var rest = text;
        var query = "";
        var q = rest.IndexOf('?');
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }
        if (rest.StartsWith('/')) return new CelUrl(text, "", "", rest, query);
        if (SchemePrefix().Match(rest) is not { Success: true } scheme) return null;
        var scheme0 = rest[..(scheme.Length - 1)];
        rest = rest[scheme.Length..];
        if (!rest.StartsWith("//", StringComparison.Ordinal)) return new CelUrl(text, scheme0, "", "", query);
        rest = rest[2..];
        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[slash..];
        var at = authority.LastIndexOf('@');
        var host = at < 0 ? authority : authority[(at + 1)..];
        if (host.StartsWith('[') && !host.Contains(']')) return null;
        var port = PortOf(host);
        if (port.Length > 0 && !port.All(char.IsAsciiDigit)) return null;
        return new CelUrl(text, scheme0, host, path, query);
    }

    public string Hostname
    {
        get
        {
            if (Host.StartsWith('['))
            {
                var close = Host.IndexOf(']');
                return Host[1..close];
            }
            var colon = Host.LastIndexOf(':');
            return colon < 0 ? Host : Host[..colon];
        }
    }

    public string Port => PortOf(Host);

    private static string PortOf(string host)
    {
        var start = host.StartsWith('[') ? host.IndexOf(']') + 1 : 0;
        var colon = host.IndexOf(':', start);
        return colon < 0 ? "" : host[(colon + 1)..];
    }
}
