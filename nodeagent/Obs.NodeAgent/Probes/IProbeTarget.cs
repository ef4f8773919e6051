using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Probes;

/// <summary>What a handler acts on: the container's exec, the pod's address, its named ports.</summary>
public interface IProbeTarget
{
    /// <summary>The pod's IP: where httpGet and tcpSocket go when they name no host.</summary>
    string Host { get; }

    /// <summary>The port number of a named containerPort, or null.</summary>
    int? ResolvePort(string name);

    /// <summary>Where a port given by number really is: a declared containerPort the agent moved is the port it moved it to.</summary>
    int AssignedPort(int declared);

    Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken);
}
