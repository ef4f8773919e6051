namespace Obs.Api.Printing;

/// <summary>What a pod's row reads of one container status.</summary>
internal sealed class ContainerStatusSummary
{
    public string Name { get; set; } = "";
    public long RestartCount { get; set; }
    public bool Ready { get; set; }
    public bool Started { get; set; }

    /// <summary>lastState.terminated.finishedAt: when the container last stopped.</summary>
    public string LastFinishedAt { get; set; } = "";

    public string WaitingReason { get; set; } = "";

    /// <summary>Whether state.running is there (whatever it holds).</summary>
    public bool Running { get; set; }

    /// <summary>Whether state.terminated is there; its fields below are read only when it is an object.</summary>
    public bool Terminated { get; set; }

    public string TerminatedReason { get; set; } = "";
    public long ExitCode { get; set; }
    public long Signal { get; set; }
}
