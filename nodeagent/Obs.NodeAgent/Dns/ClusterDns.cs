using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Client.Informers;

namespace Obs.NodeAgent.Dns;

/// <summary>
/// The cluster DNS a node agent serves: the zone over the Service, EndpointSlice and Pod informers
/// of a (possibly shared) factory, the forwarder to the host's resolvers, and the UDP/TCP server.
/// <see cref="StartAsync"/> returns once the informers have synced and the server listens, so the
/// first answer is already right. Disposing stops the server; the informers stop with the token
/// given to <see cref="StartAsync"/>, as they may be shared.
/// </summary>
public sealed class ClusterDns : IAsyncDisposable
{
    private readonly ClusterDnsServer _server;
    private readonly DnsMetrics _metrics;

    private ClusterDns(ClusterDnsOptions options, ClusterDnsZone zone, ResolvConf node, ClusterDnsServer server, DnsMetrics metrics)
    {
        Options = options;
        Zone = zone;
        NodeResolvConf = node;
        _server = server;
        _metrics = metrics;
    }

    public ClusterDnsOptions Options { get; }

    public ClusterDnsZone Zone { get; }

    /// <summary>The host's resolv.conf as read at start: the upstreams, and what dnsPolicy Default pods get.</summary>
    public ResolvConf NodeResolvConf { get; }

    /// <summary>Where the server listens (the port picked when <see cref="ClusterDnsOptions.Port"/> was 0).</summary>
    public IPEndPoint EndPoint => _server.EndPoint;

    /// <param name="informers">Started here (informers not yet running) and run until <paramref name="stopping"/> is cancelled.</param>
    public static async Task<ClusterDns> StartAsync(InformerFactory informers, ClusterDnsOptions options, ILogger? logger = null,
        CancellationToken stopping = default, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var zone = ClusterDnsZone.FromInformers(informers, options, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        informers.Start(stopping);
        await informers.WaitForSyncAsync(cancellationToken);
        var node = ResolvConf.Read(options.ResolvConfPath);
        // The cluster DNS must not forward to itself (a host whose resolv.conf already points at it);
        // a port picked at bind time cannot be one an upstream already holds.
        var upstreams = (options.Upstreams ?? node.NameserverEndPoints())
            .Where(u => !(u.Address.Equals(options.Address) && u.Port == options.Port))
            .ToList();
        var forwarder = new UpstreamForwarder(upstreams, options.UpstreamTimeout);
        var metrics = new DnsMetrics($"dns://{options.Address}:{options.Port}");
        var handler = new DnsQueryHandler(zone, forwarder, options, metrics);
        var server = ClusterDnsServer.Start(options.Address, options.Port, handler, options.TcpIdleTimeout, logger, options.SharePort);
        ClusterDnsLog.Listening(logger, zone.Zone, server.EndPoint, upstreams.Count == 0 ? "(none: REFUSED)" : string.Join(", ", upstreams));
        return new ClusterDns(options, zone, node, server, metrics);
    }

    /// <summary>The resolv.conf to write into <paramref name="pod"/>'s mount namespace, by its dnsPolicy.</summary>
    public string ResolvConfFor(JsonObject pod) => PodResolvConf.For(pod, Options.Address.ToString(), Options.Zone, NodeResolvConf);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _metrics.Dispose();
    }
}
