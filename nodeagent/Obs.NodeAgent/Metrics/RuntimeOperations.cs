namespace Obs.NodeAgent.Metrics;

/// <summary>The <c>operation_type</c> values of the kubelet's runtime metrics (its CRI calls) for what the process runtime does.</summary>
internal static class RuntimeOperations
{
    /// <summary>Creating the pod's namespaces (the pause process).</summary>
    public const string RunPodSandbox = "run_podsandbox";

    /// <summary>Killing the pod's PID 1 and with it the pod.</summary>
    public const string StopPodSandbox = "stop_podsandbox";

    /// <summary>One run of a container: its cgroup, log pipes and process (the CRI's create and start in one).</summary>
    public const string StartContainer = "start_container";

    /// <summary>SIGTERM, the grace period, SIGKILL.</summary>
    public const string StopContainer = "stop_container";

    /// <summary>A command in a container that is waited for: exec probes and hooks. A non-zero exit is an error, as the CRI reports it.</summary>
    public const string ExecSync = "exec_sync";
}
