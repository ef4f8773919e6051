namespace Obs.NodeAgent.Probes;

/// <summary>One run of a handler: success or failure, and why it failed (for the Unhealthy event).</summary>
public sealed record ProbeOutcome(ProbeResult Result, string? Message = null)
{
    public static readonly ProbeOutcome Success = new(ProbeResult.Success);

    public static ProbeOutcome Failure(string message) => new(ProbeResult.Failure, message);
}
