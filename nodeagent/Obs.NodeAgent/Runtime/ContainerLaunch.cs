using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Isolation;
using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Runtime;

/// <summary>
/// Builds the spawn of a container process or of an exec into one. posix_spawn starts
/// <c>/bin/sh</c> running <see cref="Script"/>, already in the pod's PID, UTS and mount
/// namespaces and a new session; the script writes 0 ("this process") into each cgroup.procs, so
/// the process is limited before any user code runs, then execs the user's argv unchanged in its
/// working directory. The shell never interprets the user's command: it is passed as "$@".
/// </summary>
/// <remarks>
/// The shell is the one process between the spawn and the user's program: joining a cgroup v2
/// is per process, so it has to happen in the child, and posix_spawn runs no code there. The
/// mount namespace is entered by the spawning thread (the child is born in it), which spares an
/// exec of nsenter on every container start, exec and exec probe.
/// </remarks>
internal static class ContainerLaunch
{
    public const string Script =
        "n=$1; shift; " +
        "while [ \"$n\" -gt 0 ]; do echo 0 > \"$1\" || { echo \"obs: cannot join cgroup $1\" >&2; exit 128; }; shift; n=$((n-1)); done; " +
        "cd \"$1\" || exit 128; shift; exec \"$@\"";

    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static SpawnRequest Build(
        PodSandbox sandbox,
        ContainerCgroup? cgroup,
        IReadOnlyList<string> argv,
        IReadOnlyList<KeyValuePair<string, string>> environment,
        string? workingDir,
        string stdoutPath,
        int stdoutFlags,
        string? stderrPath,
        int stderrFlags)
    {
        var procs = cgroup?.ProcsFiles.ToList() ?? [];
        List<string> wrapper = ["/bin/sh", "-c", Script, "obs-init", procs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        wrapper.AddRange(procs);
        wrapper.Add(string.IsNullOrEmpty(workingDir) ? "/" : workingDir);
        wrapper.AddRange(argv);
        return new SpawnRequest("/bin/sh", wrapper, Environment(environment), "/dev/null", stdoutPath, stdoutFlags, stderrPath, stderrFlags,
            sandbox.PidNamespacePath, sandbox.UtsNamespacePath, sandbox.MountNamespacePath);
    }

    /// <summary>Later entries win, as in Kubernetes; PATH defaults as container images set it.</summary>
    public static List<string> Environment(IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in environment)
        {
            merged[key] = value;
        }
        merged.TryAdd("PATH", DefaultPath);
        merged.TryAdd("HOME", "/root");
        return merged.Select(e => $"{e.Key}={e.Value}").ToList();
    }

    /// <summary>
    /// <see cref="FindExecutable(string, IReadOnlyList{KeyValuePair{string, string}}, string?)"/> as the pod's
    /// processes see their files: a program in the pod's own /tmp or in a volume exists only in its mount namespace.
    /// </summary>
    public static string? FindExecutable(PodSandbox sandbox, string command, IReadOnlyList<KeyValuePair<string, string>> environment, string? workingDir)
    {
        if (sandbox.MountNamespacePath is not { } mountNamespace) return FindExecutable(command, environment, workingDir);
        return NamespaceWorkers.Run(() =>
        {
            try
            {
                using var entered = NamespaceWorkers.Enter(null, null, mountNamespace);
                return FindExecutable(command, environment, workingDir);
            }
            catch (IOException)
            {
                // The namespace cannot be entered (it is going): the spawn will say so.
                return FindExecutable(command, environment, workingDir);
            }
        });
    }

    /// <summary>
    /// Finds the executable the way execvp will, so a missing one is a StartError now, as a
    /// container runtime reports it, and not exit 127 from the shell later.
    /// </summary>
    public static string? FindExecutable(string command, IReadOnlyList<KeyValuePair<string, string>> environment, string? workingDir)
    {
        if (command.Contains('/'))
        {
            var path = Path.IsPathRooted(command) ? command : Path.Combine(string.IsNullOrEmpty(workingDir) ? "/" : workingDir, command);
            return IsExecutable(path) ? path : null;
        }
        var searchPath = environment.LastOrDefault(e => e.Key == "PATH").Value ?? DefaultPath;
        foreach (var directory in searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, command);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
