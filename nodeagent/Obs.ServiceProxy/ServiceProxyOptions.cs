using System.Net;

namespace Obs.ServiceProxy;

/// <summary>How a node agent's service proxy runs.</summary>
public sealed record ServiceProxyOptions
{
    /// <summary>The node's addresses: NodePort and LoadBalancer services are served on each, at their node port.</summary>
    public IReadOnlyList<IPAddress> NodeAddresses { get; init; } = [IPAddress.Loopback];

    /// <summary>This node's name, for <c>internalTrafficPolicy</c>/<c>externalTrafficPolicy: Local</c>; null serves every endpoint everywhere.</summary>
    public string? NodeName { get; init; }

    /// <summary>How long a connection to an endpoint may take before the next one is tried (TCP) or 502 is answered (HTTP).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>An HTTP/1.1 client connection with no request in progress for this long is closed (Kestrel's keep-alive default, which the per-connection forwarder keeps).</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(130);

    /// <summary>A UDP client address quiet this long loses its flow (and its endpoint).</summary>
    public TimeSpan UdpIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often listeners that could not bind are tried again.</summary>
    public TimeSpan BindRetryPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The meter the proxy's instruments live on; the agent's metrics registry must listen to it.</summary>
    public string MeterName { get; init; } = ServiceProxyHost.MeterName;

    /// <summary>The ingress proxy's ports (serving Ingresses of Obs's class on every node address); null serves no Ingress.</summary>
    public Ingress.IngressOptions? Ingress { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
