namespace Obs.NodeAgent.Restarts;

/// <summary>A pod's spec.restartPolicy.</summary>
public enum RestartPolicy
{
    Always,
    OnFailure,
    Never,
}
