namespace Obs.NodeAgent.Restarts;

public static class RestartPolicies
{
    /// <summary>Reads spec.restartPolicy; absent means Always, as the API defaults it.</summary>
    public static RestartPolicy Parse(string? value) => value switch
    {
        "OnFailure" => RestartPolicy.OnFailure,
        "Never" => RestartPolicy.Never,
        _ => RestartPolicy.Always,
    };

    /// <summary>Whether a container that exited with <paramref name="exitCode"/> runs again.</summary>
    public static bool ShouldRestart(RestartPolicy policy, int exitCode) => policy switch
    {
        RestartPolicy.Always => true,
        RestartPolicy.OnFailure => exitCode != 0,
        _ => false,
    };
}
