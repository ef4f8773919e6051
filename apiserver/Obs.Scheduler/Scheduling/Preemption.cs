using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Scheduling;

/// <summary>Where a pod could go if <see cref="Victims"/> (pods of lower priority) were deleted.</summary>
public sealed record Preemption(string Node, IReadOnlyList<PodInfo> Victims);
