using System.Diagnostics;

namespace Obs.NodeAgent.Isolation;

/// <summary>
/// Runs a command (a mount, mostly) inside a pod's mount namespace through <c>nsenter</c>, so
/// what it mounts is seen by the pod's containers and never by the host.
/// </summary>
internal static class MountNamespaceCommand
{
    /// <returns>Null when the command exited 0, otherwise what it wrote to standard error.</returns>
    public static async Task<string?> RunAsync(string nsenterPath, PodSandbox sandbox, IEnumerable<string> command, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(nsenterPath, [$"--mount={sandbox.MountNamespacePath}", "--", .. command])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? null : (await error).Trim();
    }
}
