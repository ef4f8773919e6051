namespace Obs.NodeAgent.Isolation;

/// <summary>A covered directory (<c>/tmp</c>) and the pod's own on disk; <paramref name="SharedReason"/> set when it stays the machine's.</summary>
public sealed record PodTemporaryDirectory(string Covered, string HostDirectory, IReadOnlyList<SeeThrough> SeeThroughs, string? SharedReason);
