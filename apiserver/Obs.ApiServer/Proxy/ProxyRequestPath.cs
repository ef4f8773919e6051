using Obs.ApiServer.Http;

namespace Obs.ApiServer.Proxy;

/// <summary>
/// A proxy request's path split where the target's own path begins, from the path as the client sent
/// it (still escaped, so what reaches the target is byte for byte what was asked):
/// <c>/api/v1/namespaces/NS/pods/NAME/proxy</c> is the <see cref="Prefix"/>, the rest (empty, or from a
/// <c>/</c> on) is <see cref="Rest"/>.
/// </summary>
public sealed record ProxyRequestPath(string Prefix, string Rest)
{
    /// <summary>
    /// Splits <paramref name="rawPath"/> (without the query) for <paramref name="info"/>: core resources only,
    /// so the prefix is five segments for a node and seven for a namespaced resource. Null when the path
    /// does not have that shape (a <c>/watch/</c> prefix, say).
    /// </summary>
    public static ProxyRequestPath? Split(string rawPath, RequestInfo info)
    {
        var segments = info.Namespace is null ? 5 : 7;
        var end = 0;
        for (var i = 0; i < segments; i++)
        {
            if (end >= rawPath.Length || rawPath[end] != '/') return null;
            var next = rawPath.IndexOf('/', end + 1);
            end = next < 0 ? rawPath.Length : next;
        }
        var prefix = rawPath[..end];
        return prefix.EndsWith("/proxy", StringComparison.Ordinal) ? new ProxyRequestPath(prefix, rawPath[end..]) : null;
    }
}
