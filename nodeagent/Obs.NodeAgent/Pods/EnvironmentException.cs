using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// A container's environment cannot be built (a missing ConfigMap, Secret or key): the container
/// waits with CreateContainerConfigError. A volume that is not ready yet (a claim not bound) waits
/// with ContainerCreating instead, and is retried soon.
/// </summary>
public sealed class EnvironmentException(string message, string reason = ContainerStateWaiting.CreateContainerConfigError) : Exception(message)
{
    public string Reason { get; } = reason;
}
