using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Probes;

/// <summary>
/// A running container as a probe target; pods use the node's network, so Host is the node's address.
/// Its ports are the ones the agent assigned: a probe naming a declared port, by name or by number,
/// reaches the port the container was told to listen on.
/// </summary>
public sealed class ContainerProbeTarget(IContainerProcess process, string host, IReadOnlyList<(string? Name, int Declared, int Assigned)> ports) : IProbeTarget
{
    public string Host { get; } = host;

    public int? ResolvePort(string name) => ports.Where(p => p.Name == name).Select(p => (int?)p.Assigned).FirstOrDefault();

    public int AssignedPort(int declared) => ports.Where(p => p.Declared == declared).Select(p => p.Assigned).DefaultIfEmpty(declared).First();

    public Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken) =>
        process.ExecAsync(command, timeout, cancellationToken);
}
