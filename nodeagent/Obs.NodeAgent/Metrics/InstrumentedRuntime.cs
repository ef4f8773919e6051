using Obs.NodeAgent.Isolation;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Metrics;

/// <summary>
/// Times every runtime operation the pod workers ask for, as the kubelet's instrumented runtime
/// service times its CRI calls: sandboxes and container starts here, and each started container's
/// stops and execs through <see cref="InstrumentedContainerProcess"/>.
/// </summary>
internal sealed class InstrumentedRuntime(IContainerRuntime runtime, KubeletMetrics metrics) : IContainerRuntime
{
    public RuntimeCapabilities Capabilities => runtime.Capabilities;

    public Task<PodSandbox> CreateSandboxAsync(string podUid, string podName, bool hostPid = false, string? hostname = null, CancellationToken cancellationToken = default) =>
        metrics.TimeAsync(RuntimeOperations.RunPodSandbox, () => runtime.CreateSandboxAsync(podUid, podName, hostPid, hostname, cancellationToken));

    public async Task<IContainerProcess> StartAsync(PodSandbox sandbox, ContainerSpec spec, CancellationToken cancellationToken = default)
    {
        var process = await metrics.TimeAsync(RuntimeOperations.StartContainer, () => runtime.StartAsync(sandbox, spec, cancellationToken));
        return new InstrumentedContainerProcess(process, metrics);
    }
}
