using Obs.NodeAgent.Isolation;

namespace Obs.NodeAgent.Runtime;

/// <summary>What the pod worker drives: a sandbox per pod, then container runs inside it.</summary>
public interface IContainerRuntime
{
    RuntimeCapabilities Capabilities { get; }

    /// <summary>Creates the pod's namespaces (or an empty sandbox where not permitted); with <paramref name="hostPid"/> no PID namespace.</summary>
    /// <param name="hostname">What the pod's containers see as their hostname (<see cref="Pods.PodHostname"/>); null: the pod's name.</param>
    Task<PodSandbox> CreateSandboxAsync(string podUid, string podName, bool hostPid = false, string? hostname = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts one run of a container in its cgroup and the pod's namespaces. Throws
    /// <see cref="ContainerStartException"/> with the state to report when it cannot.
    /// </summary>
    Task<IContainerProcess> StartAsync(PodSandbox sandbox, ContainerSpec spec, CancellationToken cancellationToken = default);
}
