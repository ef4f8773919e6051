namespace Obs.NodeAgent.Isolation;

/// <summary>
/// The directories and files a pod's bind mounts had to create. A pod's mount namespace shares the
/// host's file system, so a mount point such as /var/run/secrets/kubernetes.io/serviceaccount is
/// made on the host, and would stay there, empty, after the pod. Each pod notes in its state
/// directory what it bound and what it created (<see cref="Record"/>); once its namespace is
/// gone, what it created is removed again if empty and if no other pod on the node still binds
/// there (<see cref="Release"/>): removing a mount point detaches the mount in every namespace.
/// </summary>
public static class MountPoints
{
    public const string FileName = "mountpoints";

    private const string Created = "created\t";
    private const string Bound = "bound\t";

    // Workers of one agent bind and release concurrently: one decides at a time.
    private static readonly Lock Gate = new();

    /// <summary>Notes, before it is made, the mount at <paramref name="path"/> and what of it does not exist yet.</summary>
    public static void Record(string podDirectory, string path, bool isDirectory)
    {
        lock (Gate)
        {
            var lines = new List<string> { Bound + path };
            var missing = new List<string>();
            var exists = isDirectory ? Directory.Exists(path) : File.Exists(path) || Directory.Exists(path);
            for (var current = path; !string.IsNullOrEmpty(current) && !exists; )
            {
                missing.Add(current);
                current = Path.GetDirectoryName(current);
                exists = current is null || Directory.Exists(current);
            }
            lines.AddRange(missing.Select(m => Created + m));
            Directory.CreateDirectory(podDirectory);
            File.AppendAllLines(Path.Combine(podDirectory, FileName), lines);
        }
    }

    /// <summary>
    /// Removes, deepest first, what the pod created for its mounts, once its mount namespace is
    /// gone; a path another pod under <paramref name="podsDirectory"/> binds at (or below) stays,
    /// and so does anything not empty.
    /// </summary>
    public static void Release(string podsDirectory, string podDirectory)
    {
        lock (Gate)
        {
            var file = Path.Combine(podDirectory, FileName);
            if (!File.Exists(file)) return;
            var created = File.ReadAllLines(file).Where(l => l.StartsWith(Created, StringComparison.Ordinal)).Select(l => l[Created.Length..]).Distinct().ToList();
            var inUse = OtherPodsBound(podsDirectory, podDirectory);
            foreach (var path in created.OrderByDescending(p => p.Length))
            {
                if (inUse.Any(used => used == path || used.StartsWith(path + "/", StringComparison.Ordinal))) continue;
                RemoveIfEmpty(path);
            }
            File.Delete(file);
        }
    }

    private static List<string> OtherPodsBound(string podsDirectory, string podDirectory)
    {
        var bound = new List<string>();
        if (!Directory.Exists(podsDirectory)) return bound;
        var self = Path.GetFullPath(podDirectory).TrimEnd('/');
        foreach (var other in Directory.EnumerateDirectories(podsDirectory))
        {
            var file = Path.Combine(other, FileName);
            if (Path.GetFullPath(other).TrimEnd('/') == self || !File.Exists(file)) continue;
            try
            {
                bound.AddRange(File.ReadAllLines(file).Where(l => l.StartsWith(Bound, StringComparison.Ordinal)).Select(l => l[Bound.Length..]));
            }
            catch (IOException)
            {
                // Its pod is going at this moment.
            }
        }
        return bound;
    }

    private static void RemoveIfEmpty(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                if (!Directory.EnumerateFileSystemEntries(path).Any()) Directory.Delete(path);
            }
            else if (File.Exists(path) && new FileInfo(path).Length == 0)
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Busy or not ours to remove after all: it stays, as before.
        }
    }
}
