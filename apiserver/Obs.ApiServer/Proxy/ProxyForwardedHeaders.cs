using Microsoft.AspNetCore.Http;
using Obs.Forwarding;

namespace Obs.ApiServer.Proxy;

/// <summary>
/// What a target behind pods/proxy, services/proxy or nodes/proxy learns of the request: the shared
/// <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> (<see cref="ForwardedHeaders"/>), and, as
/// kube-apiserver's proxy transport sends it, <c>X-Forwarded-Uri</c>: the path the client asked for, proxy
/// prefix included, so a page can build links that lead back through the proxy.
/// </summary>
internal static class ProxyForwardedHeaders
{
    public const string UriName = "X-Forwarded-Uri";

    public static IEnumerable<KeyValuePair<string, string>> For(HttpRequest incoming, ProxyRequestPath path) =>
        ForwardedHeaders.Of(incoming).Headers().Append(new(UriName, path.Prefix + path.Rest));
}
