using System.Diagnostics;

namespace Obs.NodeAgent.Isolation;

/// <summary>
/// Whether the agent may give each pod its own PID, mount and UTS namespaces. Proven by running
/// <c>unshare</c> (util-linux) once, since only the kernel knows what this process may do
/// (root, user-namespace policy, seccomp in a container).
/// </summary>
public sealed record NamespaceSupport(bool Permitted, string? Reason, string UnsharePath, string NsenterPath)
{
    public static NamespaceSupport Disabled(string reason) => new(false, reason, "unshare", "nsenter");

    public static NamespaceSupport Detect(string unsharePath = "/usr/bin/unshare", string nsenterPath = "/usr/bin/nsenter")
    {
        if (!File.Exists(unsharePath) || !File.Exists(nsenterPath))
        {
            return new(false, $"util-linux {unsharePath} or {nsenterPath} is missing", unsharePath, nsenterPath);
        }
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(unsharePath, ["--pid", "--fork", "--mount", "--uts", "--mount-proc", "/bin/true"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var error = probe.StandardError.ReadToEnd();
            if (!probe.WaitForExit(10_000))
            {
                probe.Kill();
                return new(false, "unshare did not finish in 10 s", unsharePath, nsenterPath);
            }
            return probe.ExitCode == 0
                ? new(true, null, unsharePath, nsenterPath)
                : new(false, $"unshare --pid --mount --uts is not permitted: {error.Trim()}", unsharePath, nsenterPath);
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception)
        {
            return new(false, $"unshare could not run: {e.Message}", unsharePath, nsenterPath);
        }
    }
}
