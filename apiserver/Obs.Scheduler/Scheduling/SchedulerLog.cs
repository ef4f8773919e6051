using Microsoft.Extensions.Logging;

namespace Obs.Scheduler.Scheduling;

internal static partial class SchedulerLog
{
    [LoggerMessage(1, LogLevel.Information, "Scheduler {Name} started: {Nodes} nodes, {Pending} pending pods")]
    public static partial void Started(ILogger logger, string name, int nodes, int pending);

    [LoggerMessage(2, LogLevel.Debug, "Bound {Pod} to {Node} ({Feasible} feasible of {Evaluated} evaluated)")]
    public static partial void Bound(ILogger logger, string pod, string node, int feasible, int evaluated);

    [LoggerMessage(3, LogLevel.Information, "Unable to schedule {Pod}: {Message}")]
    public static partial void Unschedulable(ILogger logger, string pod, string message);

    [LoggerMessage(4, LogLevel.Warning, "Binding {Pod} to {Node} failed: {Message}")]
    public static partial void BindFailed(ILogger logger, string pod, string node, string message);

    [LoggerMessage(6, LogLevel.Warning, "Updating the PodScheduled condition of {Pod} failed: {Message}")]
    public static partial void StatusFailed(ILogger logger, string pod, string message);

    [LoggerMessage(7, LogLevel.Error, "Scheduling {Pod} threw")]
    public static partial void ScheduleThrew(ILogger logger, string pod, Exception exception);
}
