using System.Net;
using Obs.ApiServer.Alerting;
using Obs.ApiServer.ControlPlane;

namespace Obs.ApiServer;

/// <summary>How one apiserver process is started: where it listens, its TLS identity, its tokens and its database.</summary>
public sealed record ApiServerOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port (tests); see <see cref="ApiServerHost.Port"/> for the one taken.</summary>
    public int Port { get; init; } = 6443;

    /// <summary>PEM files of the serving certificate and its key; plain HTTP when null (tests of the handlers only).</summary>
    public string? TlsCertFile { get; init; }
    public string? TlsKeyFile { get; init; }

    /// <summary>Static token file (<c>token,user,uid,"groups"</c> per line).</summary>
    public required string TokenFile { get; init; }

    public required string DatabaseUrl { get; init; }

    /// <summary>How often the change log is compacted; each run drops what the previous run saw as the head.</summary>
    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the change feed waits at a missing revision whose possible writers still run before it passes it over.</summary>
    public TimeSpan ChangeFeedGiveUp { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long the change feed waits for this apiserver's writes in flight to hand their changes over before it reads the
    /// next revision from the log (a write takes milliseconds; past this, the log is read as when no write is in flight).
    /// </summary>
    public TimeSpan ChangeFeedLocalWait { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Events kept in memory for watches; older starting points are read from the change log.</summary>
    public int WatchCacheEvents { get; init; } = 100_000;

    /// <summary>The most bytes of replaced and deleted versions the watch cache's events keep; older starting points are read from the change log.</summary>
    public long WatchCacheSupersededBytes { get; init; } = Cache.WatchCache.DefaultRingSupersededBytes;

    /// <summary>Where cluster IPs come from: loopback, so every node agent's proxy can listen on every Service address.</summary>
    public string ServiceClusterIpRange { get; init; } = DefaultServiceClusterIpRange;

    public const string DefaultServiceClusterIpRange = "127.77.0.0/16";

    public string ServiceNodePortRange { get; init; } = "30000-32767";

    /// <summary>How often reservations no Service holds (left by a crash mid-write) are released.</summary>
    public TimeSpan AllocationRepairInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long exec and attach output waits after the upgrade for a client that has sent nothing yet. kubectl 1.30–1.33
    /// start reading the WebSocket while they set up their streams and drop frames for a stream not set up yet
    /// ("Unknown stream id"); a client's first frame (stdin, its end, a resize) comes after its setup and ends the wait at once.
    /// </summary>
    public TimeSpan StreamOutputHold { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>DefaultTolerationSeconds admission: the seconds of the not-ready and unreachable tolerations pods get when they have none.</summary>
    public Api.Defaults.DefaultTolerationSeconds DefaultTolerationSeconds { get; init; } = new();

    /// <summary>How this apiserver appears behind the <c>kubernetes</c> Service: its advertised address and its Lease.</summary>
    public ControlPlaneOptions ControlPlane { get; init; } = new();

    /// <summary>The on-call receiver under /alerting/v1: where Alertmanager is (for silences) and where to forward alerts.</summary>
    public AlertingOptions Alerting { get; init; } = new();

    /// <summary>Service account tokens: the signing key's file and the issuer they name.</summary>
    public ServiceAccounts.ServiceAccountOptions ServiceAccounts { get; init; } = new();

    /// <summary>metrics.k8s.io: how often the node agents' resource usage is scraped.</summary>
    public ResourceMetrics.ResourceMetricsOptions ResourceMetrics { get; init; } = new();
}
