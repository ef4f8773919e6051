namespace Obs.Bench.Load;

/// <summary>An open-loop run: latency from each request's due time (what is reported) and from when it was sent (service time).</summary>
internal sealed record OpenLoopRun(double OfferedPerSecond, double CompletedPerSecond, LatencySample Latency, LatencySample ServiceTime, int Errors);
