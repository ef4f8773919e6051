using Obs.Client.Config;
using Obs.NodeAgent.Eviction;

namespace Obs.NodeAgent.Agent;

/// <summary>How one node agent runs: which cluster, which node name, where its state and API live.</summary>
public sealed record NodeAgentOptions
{
    public required ClusterConnection Cluster { get; init; }

    public required string NodeName { get; init; }

    /// <summary>Logs, FIFOs, volumes, container records and the agent's serving certificate.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>HTTPS port of the agent API (the kubelet's 10250); 0 picks a free one.</summary>
    public int Port { get; init; } = 10250;

    /// <summary>The address reported as InternalIP (and hostIP/podIP); null finds the host's first non-loopback IPv4.</summary>
    public string? Address { get; init; }

    /// <summary>CPU kept back from allocatable for the system and the agent, in millicores.</summary>
    public long ReservedCpuMillis { get; init; } = 100;

    /// <summary>Memory kept back from allocatable, in bytes (the kubelet's eviction threshold plus a little).</summary>
    public long ReservedMemoryBytes { get; init; } = 256L * 1024 * 1024;

    public int MaxPods { get; init; } = 110;

    /// <summary>
    /// Requests per second (and burst) to the apiserver: the kubelet's kubeAPIQPS/kubeAPIBurst defaults.
    /// Each pod start writes its status a few times; client-go's 5/10 would queue a burst of pods for seconds.
    /// </summary>
    public double ApiQps { get; init; } = 50;

    public int ApiBurst { get; init; } = 100;

    /// <summary>
    /// Events get a budget of their own (the kubelet's eventRecordQPS/eventBurst), so a burst of
    /// pod starts does not queue their status writes behind their Started events.
    /// </summary>
    public double EventQps { get; init; } = 50;

    public int EventBurst { get; init; } = 100;

    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    public int LeaseDurationSeconds { get; init; } = 40;

    /// <summary>How often the machine is looked at; the Node's status is written when it changed or a minute passed.</summary>
    public TimeSpan StatusCheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan StatusReportInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most a graceful shutdown gives each pod between SIGTERM and SIGKILL (the kubelet's
    /// shutdownGracePeriod): short enough that <c>obs down</c>, which waits 15 s for the agent, sees it finish.
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Off runs pods in the host's namespaces (and so lets exec and volumes work without root).</summary>
    public bool UseNamespaces { get; init; } = true;

    public string CgroupRoot { get; init; } = "/obs.slice";

    /// <summary>PEM serving certificate and key of the agent API; absent, a self-signed pair is made in the state directory.</summary>
    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary>Directory of static pod manifests (the kubelet's --pod-manifest-path); null is {StateDirectory}/manifests.</summary>
    public string? PodManifestPath { get; init; }

    /// <summary>How often the manifest directory is read again (the kubelet's fileCheckFrequency).</summary>
    public TimeSpan StaticPodCheckInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Hard eviction thresholds and pacing (the kubelet's --eviction-hard).</summary>
    public EvictionOptions Eviction { get; init; } = new();

    /// <summary>Where eviction reads memory, disk and PID figures; null is the real machine.</summary>
    public ISignalSource? EvictionSignals { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The node collectors served at <c>/metrics/node</c> (node_exporter's defaults; /proc and /sys roots).</summary>
    public Obs.Exporter.Collectors.NodeCollectorOptions NodeCollectors { get; init; } = new();

    /// <summary>Whether the agent runs the service proxy (Obs's kube-proxy) on Services' cluster IPs and node ports.</summary>
    public bool ServiceProxy { get; init; } = true;

    /// <summary>The ingress proxy's ports (80 and 443; 0 or null turns one off), used while the service proxy runs; null serves no Ingress.</summary>
    public Obs.ServiceProxy.Ingress.IngressOptions? Ingress { get; init; } = new();

    /// <summary>The cluster DNS this agent serves (127.77.0.10:53 by default); null for none.</summary>
    public Obs.NodeAgent.Dns.ClusterDnsOptions? ClusterDns { get; init; } = new();
}
