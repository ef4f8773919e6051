namespace Obs.Api.Cel;

/// <summary>Kubernetes' URL library: <c>url()</c>, <c>isURL()</c> and the accessors of a URL.</summary>
internal static class CelUrlFunctions
{
    public static readonly string[] GlobalNames = ["url", "isURL"];

    public static readonly string[] MemberNames = ["getScheme", "getHost", "getHostname", "getPort", "getEscapedPath", "getQuery"];

    public static object? CallGlobal(string name, object?[] a) => (name, a) switch
    {
        ("url", [string s]) => CelUrl.TryParse(s) ?? throw new CelEvaluationException($"URL parse error during conversion from string: parse \"{s}\": invalid URI for request"),
        ("isURL", [string s]) => CelUrl.TryParse(s) is not null,
        _ => CelFunctions.NoMatch,
    };

    public static object? CallMember(string name, object?[] a)
    {
        if (a is not [CelUrl url]) return CelFunctions.NoMatch;
        return name switch
        {
            "getScheme" => url.Scheme,
            "getHost" => url.Host,
            "getHostname" => url.Hostname,
            "getPort" => url.Port,
            "getEscapedPath" => url.EscapedPath,
            "getQuery" => Query(url.RawQuery),
            _ => CelFunctions.NoMatch,
        };
    }

    private static CelMap Query(string raw)
    {
        var values = new Dictionary<string, List<object?>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var pair in raw.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Unescape(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Unescape(pair[(eq + 1)..]);
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
                order.Add(key);
            }
            list.Add(value);
        }
        return new CelMap(order.Select(k => new KeyValuePair<object, object?>(k, new CelList(values[k]))).ToList());
    }

    private static string Unescape(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}
