namespace Obs.NodeAgent.Runtime;

/// <summary>
/// The container could not be started; <see cref="State"/> is what to report: waiting with
/// CreateContainerConfigError (nothing to run) or terminated with StartError (exec would fail).
/// </summary>
public sealed class ContainerStartException(ContainerState state, string message) : Exception(message)
{
    public ContainerState State { get; } = state;
}
