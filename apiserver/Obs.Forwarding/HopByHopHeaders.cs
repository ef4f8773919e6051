using Microsoft.Extensions.Primitives;

namespace Obs.Forwarding;

/// <summary>
/// Headers that describe one connection, not the message (RFC 9110 §7.6.1), so a proxy must not pass
/// them on: the fixed list, and whatever else the <c>Connection</c> header names. <c>TE: trailers</c> is
/// the exception gRPC depends on, and HTTP/2 allows it.
/// </summary>
public static class HopByHopHeaders
{
    private static readonly HashSet<string> Fixed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "HTTP2-Settings",
    };

    public static bool IsHopByHop(string name) =>
        Fixed.Contains(name) || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase);

    /// <summary>The extra header names a <c>Connection</c> value lists (<c>close</c> and <c>upgrade</c> are options, not names, but dropping them is harmless).</summary>
    public static HashSet<string>? NamedIn(StringValues connection)
    {
        HashSet<string>? names = null;
        foreach (var value in connection)
        {
            if (value is null) continue;
            foreach (var token in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                (names ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(token);
            }
        }
        return names;
    }

    /// <summary>True for a <c>TE</c> value that asks only for trailers.</summary>
    public static bool IsTrailersOnly(StringValues te) =>
        te.Count == 1 && string.Equals(te[0]?.Trim(), "trailers", StringComparison.OrdinalIgnoreCase);
}
