namespace Obs.NodeAgent.Probes;

public enum ProbeResult
{
    Success,
    Failure,
}
