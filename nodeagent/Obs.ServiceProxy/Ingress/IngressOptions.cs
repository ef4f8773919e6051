namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// The ingress proxy's ports on every node address. A port that is null or 0 is not served. The proxy listens
/// only while at least one Ingress of Obs's class exists, so an agent without Ingresses holds no port.
/// </summary>
public sealed record IngressOptions
{
    /// <summary>Plain HTTP/1.1 (ingress-nginx's 80).</summary>
    public int? HttpPort { get; init; } = 80;

    /// <summary>TLS with the certificate of the Ingress whose <c>spec.tls</c> names the SNI host; HTTP/1.1 and HTTP/2 by ALPN.</summary>
    public int? HttpsPort { get; init; } = 443;
}
