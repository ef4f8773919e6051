namespace Obs.NodeAgent.Eviction;

/// <summary>How much of a resource is left and how much there is in all (bytes, inodes or PIDs).</summary>
public sealed record SignalObservation(long Available, long Capacity);
