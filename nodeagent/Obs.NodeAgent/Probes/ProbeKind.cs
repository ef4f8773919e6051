namespace Obs.NodeAgent.Probes;

public enum ProbeKind
{
    Liveness,
    Readiness,
    Startup,
}
