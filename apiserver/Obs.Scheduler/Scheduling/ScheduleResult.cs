namespace Obs.Scheduler.Scheduling;

/// <summary>The outcome of one scheduling attempt: the chosen node, or why none fits.</summary>
public sealed record ScheduleResult(string? Node, FitError? Error, int EvaluatedNodes, int FeasibleNodes);
