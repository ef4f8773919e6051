namespace Obs.NodeAgent.Pods;

/// <summary>A container's environment cannot be built (a missing ConfigMap, Secret or key): the container waits with CreateContainerConfigError.</summary>
public sealed class EnvironmentException(string message) : Exception(message);
