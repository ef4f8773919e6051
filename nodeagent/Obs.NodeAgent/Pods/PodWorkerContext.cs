using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Client.Events;
using Obs.Client.Rest;
using Obs.NodeAgent.Restarts;
using Obs.NodeAgent.Runtime;
using Obs.NodeAgent.Volumes;

namespace Obs.NodeAgent.Pods;

/// <summary>What every pod worker of one agent shares.</summary>
internal sealed record PodWorkerContext(
    ApiClient Client,
    IContainerRuntime Runtime,
    RuntimeOptions RuntimeOptions,
    string NodeName,
    string HostIp,
    string StateDirectory,
    EnvironmentResolver Environment,
    PodVolumes Volumes,
    RestartBackoff Backoff,
    TimeProvider Time,
    ILogger Logger)
{
    /// <summary>Where probes and hooks reach a pod: pods share the node's network, so loopback reaches whatever they listen on.</summary>
    public string ProbeHost => "127.0.0.1";

    /// <summary>
    /// The resolv.conf a pod gets in its own mount namespace (the cluster DNS by its dnsPolicy), or
    /// null to leave it the node's (no cluster DNS, or not started yet).
    /// </summary>
    public Func<JsonObject, string?>? ResolvConf { get; init; }

    /// <summary>
    /// Where the workers' events go: written in the background, repeats counted on one event and a busy pod's
    /// share bounded, as the kubelet's recorder does; null records none (workers with no apiserver).
    /// </summary>
    public EventRecorder? Events { get; init; }

    /// <summary>Where pod starts, probe results and runtime operations are counted; null counts nothing.</summary>
    public Metrics.KubeletMetrics? Metrics { get; init; }

    /// <summary>The host ports handed to this agent's containers (one set per agent: pods share the node's network).</summary>
    public HostPorts HostPorts { get; init; } = new();

    /// <summary>The machine's memory, whose half bounds a memory-backed emptyDir of a pod without a memory limit; 0 leaves that to tmpfs (also half).</summary>
    public long NodeMemoryBytes { get; init; }
}
