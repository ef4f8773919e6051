namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// Host matching as networking.k8s.io/v1 defines it: a host matches itself, and <c>*.foo.com</c> matches
/// exactly one more DNS label (<c>bar.foo.com</c>, not <c>foo.com</c> nor <c>baz.bar.foo.com</c>).
/// Names compare without case, as DNS names do.
/// </summary>
internal static class IngressHosts
{
    /// <summary>The host a request asked for: the Host header (or HTTP/2 :authority) without its port, lower case.</summary>
    public static string FromHeader(string? host)
    {
        if (string.IsNullOrEmpty(host)) return "";
        if (host[0] == '[')
        {
            // An IPv6 literal never matches a rule host (they must be DNS names); keep it whole.
            var close = host.IndexOf(']', StringComparison.Ordinal);
            return (close < 0 ? host : host[..(close + 1)]).ToLowerInvariant();
        }
        var colon = host.LastIndexOf(':');
        return (colon < 0 ? host : host[..colon]).TrimEnd('.').ToLowerInvariant();
    }

    public static bool IsWildcard(string pattern) => pattern.StartsWith("*.", StringComparison.Ordinal);

    /// <summary>The suffix a wildcard pattern stands for (<c>*.foo.com</c> → <c>.foo.com</c>), or the parent domain of a host (<c>bar.foo.com</c> → <c>.foo.com</c>).</summary>
    public static string? WildcardSuffix(string host)
    {
        if (IsWildcard(host)) return host[1..];
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot <= 0 || dot == host.Length - 1 ? null : host[dot..];
    }

    public static bool Matches(string pattern, string host) =>
        IsWildcard(pattern)
            ? string.Equals(WildcardSuffix(host), pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase);
}
