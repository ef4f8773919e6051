namespace Obs.NodeAgent.Eviction;

/// <summary>The kubelet's eviction signals this agent measures, in the order it acts on them when several are met.</summary>
public enum EvictionSignal
{
    MemoryAvailable,
    NodeFsAvailable,
    NodeFsInodesFree,
    PidAvailable,
}
