namespace Obs.NodeAgent.Probes;

/// <summary>
/// The thresholds of a probe as the kubelet applies them: a result is reported only once it has
/// come successThreshold (success) or failureThreshold (failure) times in a row. Readiness starts
/// failed, liveness and startup start succeeded. After a liveness or startup failure is reported
/// the run starts over, since the container is about to be restarted.
/// </summary>
public sealed class ProbeTracker(ProbeKind kind, int successThreshold, int failureThreshold)
{
    private ProbeResult? _last;
    private int _run;

    public ProbeResult Reported { get; private set; } = kind == ProbeKind.Readiness ? ProbeResult.Failure : ProbeResult.Success;

    /// <summary>Takes one probe result; returns true when the reported result changed.</summary>
    public bool Record(ProbeResult result)
    {
        _run = _last == result ? _run + 1 : 1;
        _last = result;
        var threshold = result == ProbeResult.Success ? successThreshold : failureThreshold;
        if (_run < threshold)
        {
            return false;
        }
        var changed = Reported != result;
        Reported = result;
        if (result == ProbeResult.Failure && kind != ProbeKind.Readiness)
        {
            _run = 0;
        }
        return changed;
    }
}
