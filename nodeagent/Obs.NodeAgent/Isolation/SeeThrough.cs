namespace Obs.NodeAgent.Isolation;

/// <summary>The machine's <paramref name="Source"/> bound at <paramref name="Target"/> in a pod's own temporary directory, where the pod sees it at the source's path.</summary>
public sealed record SeeThrough(string Source, string Target);
