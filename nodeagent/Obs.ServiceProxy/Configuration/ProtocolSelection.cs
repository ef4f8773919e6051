namespace Obs.ServiceProxy.Configuration;

/// <summary>
/// Which <see cref="ProxyProtocol"/> a service port gets: its <c>appProtocol</c> when given (IANA names and
/// the <c>kubernetes.io/</c> ones), else the prefix of its name (<c>http</c>, <c>http-web</c>, <c>grpc-api</c>,
/// the Istio convention). TLS (<c>https</c>, <c>wss</c>) passes as TCP: the proxy holds no certificates.
/// </summary>
internal static class ProtocolSelection
{
    /// <returns>Null for a protocol the proxy does not carry (SCTP).</returns>
    public static ProxyProtocol? For(string? protocol, string? appProtocol, string? portName)
    {
        switch (protocol ?? "TCP")
        {
            case "UDP":
                return ProxyProtocol.Udp;
            case "TCP":
                break;
            default:
                return null;
        }
        if (!string.IsNullOrEmpty(appProtocol))
        {
            return FromWord(appProtocol.ToLowerInvariant()) ?? ProxyProtocol.Tcp;
        }
        if (!string.IsNullOrEmpty(portName))
        {
            var dash = portName.IndexOf('-', StringComparison.Ordinal);
            var prefix = (dash < 0 ? portName : portName[..dash]).ToLowerInvariant();
            return FromWord(prefix) ?? ProxyProtocol.Tcp;
        }
        return ProxyProtocol.Tcp;
    }

    private static ProxyProtocol? FromWord(string word) => word switch
    {
        "http" or "kubernetes.io/http" or "ws" or "kubernetes.io/ws" => ProxyProtocol.Http1,
        "http2" or "h2c" or "kubernetes.io/h2c" or "grpc" => ProxyProtocol.Http2,
        _ => null,
    };
}
