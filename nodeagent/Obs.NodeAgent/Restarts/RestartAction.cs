namespace Obs.NodeAgent.Restarts;

public enum RestartAction
{
    DoNotRestart,
    RestartNow,
    BackOff,
}
