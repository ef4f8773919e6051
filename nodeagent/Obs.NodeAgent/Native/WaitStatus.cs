namespace Obs.NodeAgent.Native;

/// <summary>A decoded waitpid status: either an exit code or the signal that ended the process.</summary>
public readonly record struct WaitStatus(int? ExitCode, int? Signal)
{
    public static WaitStatus Decode(int status)
    {
        var signal = status & 0x7f;
        return signal == 0 ? new WaitStatus((status >> 8) & 0xff, null) : new WaitStatus(null, signal);
    }

    /// <summary>The exit code Kubernetes reports: the code itself, or 128 + signal.</summary>
    public int ReportedExitCode => ExitCode ?? 128 + (Signal ?? 0);
}
