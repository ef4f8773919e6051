using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Probes;

/// <summary>A running container as a probe target; pods use the node's network, so Host is the node's address.</summary>
public sealed class ContainerProbeTarget(IContainerProcess process, string host, IReadOnlyDictionary<string, int> namedPorts) : IProbeTarget
{
    public string Host { get; } = host;

    public int? ResolvePort(string name) => namedPorts.TryGetValue(name, out var port) ? port : null;

    public Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken) =>
        process.ExecAsync(command, timeout, cancellationToken);
}
