using System.Runtime.InteropServices;
using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Isolation;

/// <summary>
/// Carries out a <see cref="PodTemporaryDirectories"/> plan in a pod's mount namespace, once, before
/// its first container: the pod's directories are made on disk (mode 1777, as the machine's), the
/// see-throughs bound into them, and then each is bound over the directory it covers. The covers
/// bind from descriptors opened before the first cover, since one cover may hide the path of the
/// next one's directory (a state directory under /tmp holds the pod's var-tmp).
/// </summary>
internal static class PodTemporaryMounts
{
    private const ulong MS_REC = 0x4000;
    private const int O_DIRECTORY = 0x10000;
    private const UnixFileMode WorldWritableSticky = (UnixFileMode)0x3FF; // 01777

    /// <returns>Each covered directory and null when the pod has its own now, otherwise why not.</returns>
    public static Task<List<(string Covered, string? Failure)>> MountAsync(PodSandbox sandbox, IReadOnlyList<PodTemporaryDirectory> plan)
    {
        if (sandbox.MountNamespacePath is not { } mountNamespace)
            return Task.FromResult(plan.Select(d => (d.Covered, (string?)"the pod has no mount namespace of its own")).ToList());
        var results = new List<(string Covered, string? Failure)>();
        var ready = new List<PodTemporaryDirectory>();
        foreach (var directory in plan)
        {
            if (directory.SharedReason is not null) results.Add((directory.Covered, directory.SharedReason));
            else if (Prepare(directory) is { } failed) results.Add((directory.Covered, failed));
            else ready.Add(directory);
        }
        if (ready.Count == 0) return Task.FromResult(results);
        return NamespaceWorkers.RunAsync(() =>
        {
            try
            {
                using var entered = NamespaceWorkers.Enter(null, null, mountNamespace);
                results.AddRange(Mount(ready));
            }
            catch (IOException e)
            {
                results.AddRange(ready.Select(d => (d.Covered, (string?)e.Message)));
            }
            return results;
        });
    }

    /// <summary>On the host, where the pod's view is still the same: the directory and the see-throughs' mount points.</summary>
    private static string? Prepare(PodTemporaryDirectory directory)
    {
        try
        {
            Directory.CreateDirectory(directory.HostDirectory);
            File.SetUnixFileMode(directory.HostDirectory, WorldWritableSticky);
            foreach (var seeThrough in directory.SeeThroughs)
            {
                if (Directory.Exists(seeThrough.Source))
                {
                    Directory.CreateDirectory(seeThrough.Target);
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(seeThrough.Target)!);
                if (!File.Exists(seeThrough.Target)) File.WriteAllBytes(seeThrough.Target, []);
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"making {directory.HostDirectory}: {e.Message}";
        }
    }

    /// <summary>Runs inside the pod's mount namespace.</summary>
    private static List<(string, string?)> Mount(List<PodTemporaryDirectory> directories)
    {
        var results = new List<(string, string?)>();
        var opened = new List<(PodTemporaryDirectory Directory, int Fd)>();
        try
        {
            foreach (var directory in directories)
            {
                var failure = directory.SeeThroughs
                    .Select(s => Libc.mount(s.Source, s.Target, null, Libc.MS_BIND | MS_REC, IntPtr.Zero) == 0 ? null : $"binding {s.Source}: {Marshal.GetLastPInvokeErrorMessage()}")
                    .FirstOrDefault(f => f is not null);
                // Without its see-throughs the cover would hide what the agent binds from later: the pod keeps the machine's.
                if (failure is not null)
                {
                    results.Add((directory.Covered, failure));
                    continue;
                }
                var fd = Libc.open(directory.HostDirectory, Libc.O_PATH | O_DIRECTORY | Libc.O_CLOEXEC, 0);
                if (fd < 0) results.Add((directory.Covered, $"open {directory.HostDirectory}: {Marshal.GetLastPInvokeErrorMessage()}"));
                else opened.Add((directory, fd));
            }
            foreach (var (directory, fd) in opened)
            {
                // "." is the pod's directory, as opened: leaving the namespace puts the worker's cwd back.
                var bound = Libc.fchdir(fd) == 0 && Libc.mount(".", directory.Covered, null, Libc.MS_BIND | MS_REC, IntPtr.Zero) == 0;
                results.Add((directory.Covered, bound ? null : $"binding {directory.HostDirectory} over {directory.Covered}: {Marshal.GetLastPInvokeErrorMessage()}"));
            }
        }
        finally
        {
            foreach (var (_, fd) in opened) Libc.close(fd);
        }
        return results;
    }
}
