namespace Obs.NodeAgent.Eviction;

/// <summary>What each signal is called, which resource it starves, and the node condition it raises, as in Kubernetes.</summary>
public static class EvictionSignals
{
    public static string Name(EvictionSignal signal) => signal switch
    {
        EvictionSignal.MemoryAvailable => "memory.available",
        EvictionSignal.NodeFsAvailable => "nodefs.available",
        EvictionSignal.NodeFsInodesFree => "nodefs.inodesFree",
        _ => "pid.available",
    };

    public static EvictionSignal? Parse(string name) => name switch
    {
        "memory.available" => EvictionSignal.MemoryAvailable,
        "nodefs.available" => EvictionSignal.NodeFsAvailable,
        "nodefs.inodesFree" => EvictionSignal.NodeFsInodesFree,
        "pid.available" => EvictionSignal.PidAvailable,
        _ => null,
    };

    /// <summary>The resource named in "The node was low on resource: X."</summary>
    public static string Resource(EvictionSignal signal) => signal switch
    {
        EvictionSignal.MemoryAvailable => "memory",
        EvictionSignal.NodeFsAvailable => "ephemeral-storage",
        EvictionSignal.NodeFsInodesFree => "inodes",
        _ => "pids",
    };

    public static string Condition(EvictionSignal signal) => signal switch
    {
        EvictionSignal.MemoryAvailable => "MemoryPressure",
        EvictionSignal.PidAvailable => "PIDPressure",
        _ => "DiskPressure",
    };

    /// <summary>Counts (inodes, PIDs) are decimal quantities; bytes are binary ones.</summary>
    public static bool IsCount(EvictionSignal signal) => signal is EvictionSignal.NodeFsInodesFree or EvictionSignal.PidAvailable;
}
