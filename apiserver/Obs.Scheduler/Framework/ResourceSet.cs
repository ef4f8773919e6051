namespace Obs.Scheduler.Framework;

/// <summary>The resources the scheduler accounts for: cpu in millicores, memory and ephemeral storage in bytes, and a pod count.</summary>
public readonly record struct ResourceSet(long MilliCpu, long Memory, long EphemeralStorage, long Pods)
{
    public static ResourceSet operator +(ResourceSet a, ResourceSet b) =>
        new(a.MilliCpu + b.MilliCpu, a.Memory + b.Memory, a.EphemeralStorage + b.EphemeralStorage, a.Pods + b.Pods);

    public static ResourceSet operator -(ResourceSet a, ResourceSet b) =>
        new(a.MilliCpu - b.MilliCpu, a.Memory - b.Memory, a.EphemeralStorage - b.EphemeralStorage, a.Pods - b.Pods);

    /// <summary>Each field the larger of the two: how init containers, which run one at a time, count.</summary>
    public static ResourceSet Max(ResourceSet a, ResourceSet b) =>
        new(Math.Max(a.MilliCpu, b.MilliCpu), Math.Max(a.Memory, b.Memory), Math.Max(a.EphemeralStorage, b.EphemeralStorage), Math.Max(a.Pods, b.Pods));
}
