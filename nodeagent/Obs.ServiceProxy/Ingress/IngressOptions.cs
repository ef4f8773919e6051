using Obs.Client.Rest;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// The ingress proxy's ports on every node address. A port that is null or 0 is not served. The proxy listens
/// only while at least one Ingress of Obs's class exists, so an agent without Ingresses holds no port. A port it
/// cannot bind (taken, or below 1024 without the capability) leaves the agent running without it: it is reported
/// through <see cref="Report"/> and as a Warning event on the node, and tried again every few seconds.
/// </summary>
public sealed record IngressOptions
{
    /// <summary>Plain HTTP/1.1 (ingress-nginx's 80).</summary>
    public int? HttpPort { get; init; } = 80;

    /// <summary>TLS with the certificate of the Ingress whose <c>spec.tls</c> names the SNI host; HTTP/1.1 and HTTP/2 by ALPN.</summary>
    public int? HttpsPort { get; init; } = 443;

    /// <summary>Told, in a sentence, when an ingress port cannot be bound and when it is bound after all (the agent writes it to its log).</summary>
    public Action<string>? Report { get; init; }

    /// <summary>The client the node's events are written with (the agent's event client); null writes none.</summary>
    public ApiClient? Events { get; init; }
}
