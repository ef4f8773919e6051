using System.Net;

namespace Obs.NodeAgent.Dns;

/// <summary>How the cluster DNS server listens and answers.</summary>
public sealed record ClusterDnsOptions
{
    /// <summary>The cluster DNS address, from the service loopback range; pods' resolv.conf points at it.</summary>
    public IPAddress Address { get; init; } = IPAddress.Parse("127.77.0.10");

    /// <summary>53 in a cluster; 0 picks a free port (tests).</summary>
    public int Port { get; init; } = 53;

    /// <summary>The cluster domain.</summary>
    public string Zone { get; init; } = "cluster.local";

    /// <summary>TTL of every record the server makes up, and the SOA's negative-caching TTL.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Where names outside the zone go; null reads the nameservers of <see cref="ResolvConfPath"/>.</summary>
    public IReadOnlyList<IPEndPoint>? Upstreams { get; init; }

    /// <summary>The host's resolver configuration, for upstreams and for dnsPolicy Default pods.</summary>
    public string ResolvConfPath { get; init; } = "/etc/resolv.conf";

    /// <summary>How long one upstream gets to answer before the next is tried; SERVFAIL when all time out.</summary>
    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The EDNS0 UDP payload size this server advertises (the DNS flag day 2020 value).</summary>
    public ushort UdpPayloadSize { get; init; } = 1232;

    /// <summary>
    /// Bind with SO_REUSEPORT (Linux), so that several node agents on one host (a test cluster,
    /// <c>obs up</c> with more than one node) can all serve the cluster DNS address: the kernel spreads
    /// queries across them, and each answers from the same cluster state. Ignored for port 0.
    /// </summary>
    public bool SharePort { get; init; } = true;

    /// <summary>A TCP connection with no query for this long is closed.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
