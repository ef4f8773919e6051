namespace Obs.NodeAgent.Probes;

/// <summary>After each probe run: what the handler said, what is reported now, and whether that changed.</summary>
public sealed record ProbeUpdate(ProbeKind Kind, ProbeOutcome Outcome, ProbeResult Reported, bool Changed, DateTimeOffset At);
