using Obs.NodeAgent.Isolation;

namespace Obs.NodeAgent.Volumes;

/// <summary>
/// Puts a tmpfs on a memory-backed emptyDir's directory inside the pod's own mount namespace, so
/// its files live in memory and leave with the pod's namespace; the host's directory stays an
/// empty directory on disk, and the containers' binds of the volume (made after this) land on the
/// tmpfs. A pod without a mount namespace of its own, or a mount the kernel refuses, leaves the
/// volume a plain directory, as the result says.
/// </summary>
public static class MemoryVolumeMount
{
    /// <returns>Null when a tmpfs is in place (mounted now, or already there), otherwise why not.</returns>
    public static async Task<string?> MountAsync(string nsenterPath, PodSandbox sandbox, string directory, MemoryVolume volume, CancellationToken cancellationToken = default)
    {
        if (sandbox is not { Isolated: true })
        {
            return "the pod has no mount namespace of its own" + (sandbox.IsolationReason is { } why ? $" ({why})" : "");
        }
        try
        {
            // A container restarted in a pod that already has its tmpfs keeps the files on it.
            if (FileSystemAt(await File.ReadAllTextAsync($"/proc/{sandbox.InitPid}/mountinfo", cancellationToken), directory) == "tmpfs") return null;
        }
        catch (IOException e)
        {
            return $"the pod's mounts could not be read: {e.Message}";
        }
        var error = await MountNamespaceCommand.RunAsync(nsenterPath, sandbox, ["mount", "-t", "tmpfs", "-o", volume.MountOptions, "tmpfs", directory], cancellationToken);
        return error is null ? null : $"mount -t tmpfs -o {volume.MountOptions} tmpfs {directory}: {error}";
    }

    /// <summary>
    /// The file system type of the topmost mount at <paramref name="mountPoint"/> in a
    /// <c>/proc/PID/mountinfo</c> text, or null when nothing is mounted there. Fields: ID, parent,
    /// major:minor, root, mount point, options, optional fields up to <c>-</c>, type, source, super options.
    /// </summary>
    public static string? FileSystemAt(string mountinfo, string mountPoint)
    {
        string? type = null;
        var escaped = Escape(mountPoint.Length > 1 ? mountPoint.TrimEnd('/') : mountPoint);
        foreach (var line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length < 9 || fields[4] != escaped) continue;
            var separator = Array.IndexOf(fields, "-", 6);
            if (separator < 0 || separator + 1 >= fields.Length) continue;
            type = fields[separator + 1]; // later lines are mounted on top of earlier ones
        }
        return type;
    }

    // The kernel writes space, tab, newline and backslash in paths as octal escapes.
    private static string Escape(string path) =>
        path.Replace("\\", "\\134", StringComparison.Ordinal).Replace(" ", "\\040", StringComparison.Ordinal)
            .Replace("\t", "\\011", StringComparison.Ordinal).Replace("\n", "\\012", StringComparison.Ordinal);
}
