namespace Obs.NodeAgent.Isolation;

/// <summary>
/// Which of the machine's temporary directories a pod gets its own of, and how: each covered
/// directory (<c>/tmp</c>, <c>/var/tmp</c>) is a directory of the pod's on disk,
/// <c>{state}/pods/{uid}/tmp</c> and <c>.../var-tmp</c>, bound over it in the pod's mount
/// namespace (see <see cref="PodTemporaryMounts"/>). Its containers, exec'd processes and
/// <c>kubectl cp</c> share it; a container restart keeps it; it goes with the pod's directory.
/// </summary>
/// <remarks>
/// A directory on disk and not a tmpfs: in Kubernetes a container's /tmp is on its writable
/// layer, on the node's disk, and counts as the pod's ephemeral storage; a tmpfs would be charged
/// to memory instead, and would die with the pod's mount namespace, where a directory under the
/// agent's state directory outlives an agent restart for the pods it adopts.
/// <para>
/// Paths the agent binds from later (its state directory, hostPath volumes, claims' directories)
/// are resolved in the pod's view. One under a covered directory would then land in the pod's
/// own: it is made visible at the same path inside the pod's directory before the cover
/// (a see-through), so the pod sees the machine's there, as before. A covered directory that is
/// itself such a path (a hostPath volume of /tmp, the state directory /tmp) stays the machine's.
/// </para>
/// </remarks>
public static class PodTemporaryDirectories
{
    public static readonly IReadOnlyList<string> Covered = ["/tmp", "/var/tmp"];

    /// <summary>The pod directory's child that holds the pod's own <paramref name="covered"/>: "tmp", "var-tmp".</summary>
    public static string HostDirectoryName(string covered) => covered.Trim('/').Replace('/', '-');

    /// <summary>Whether <paramref name="path"/> is <paramref name="directory"/> or below it.</summary>
    public static bool Within(string path, string directory) =>
        path == directory || path.StartsWith(directory + "/", StringComparison.Ordinal);

    /// <summary>
    /// What to do for one pod: for each covered directory that exists, its host directory and the
    /// see-throughs to make in it, or why it stays the machine's.
    /// </summary>
    /// <param name="keepVisible">Host paths the agent binds into the pod later: they must resolve in the pod's view as on the machine.</param>
    public static List<PodTemporaryDirectory> Plan(string podDirectory, IEnumerable<string> keepVisible, Func<string, bool> exists)
    {
        var kept = keepVisible.Where(p => p.Length > 0).Select(Normalize).Distinct(StringComparer.Ordinal).ToList();
        // A path inside another one kept is visible through that one's bind.
        kept = [.. kept.Where(p => !kept.Any(outer => outer != p && Within(p, outer))).Order(StringComparer.Ordinal)];
        var plan = new List<PodTemporaryDirectory>();
        foreach (var covered in Covered)
        {
            if (!exists(covered)) continue;
            var host = Path.Combine(podDirectory, HostDirectoryName(covered));
            if (kept.FirstOrDefault(p => Within(covered, p)) is { } shared)
            {
                plan.Add(new PodTemporaryDirectory(covered, host, [], $"{shared} is bound into the pod from the machine"));
                continue;
            }
            var seeThroughs = kept.Where(p => Within(p, covered) && exists(p))
                .Select(p => new SeeThrough(p, host + p[covered.Length..])).ToList();
            plan.Add(new PodTemporaryDirectory(covered, host, seeThroughs, null));
        }
        return plan;
    }

    private static string Normalize(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
