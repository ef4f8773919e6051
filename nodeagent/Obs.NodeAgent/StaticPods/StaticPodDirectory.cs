namespace Obs.NodeAgent.StaticPods;

/// <summary>
/// Reads every manifest in the directory, as the kubelet's file source does: each regular file
/// not starting with a dot holds one pod; a file that does not parse is reported and skipped, the
/// others still run.
/// </summary>
public static class StaticPodDirectory
{
    public static (IReadOnlyList<StaticPod> Pods, IReadOnlyList<string> Errors) Read(string directory, string nodeName)
    {
        var pods = new List<StaticPod>();
        var errors = new List<string>();
        if (!Directory.Exists(directory)) return (pods, errors);
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file).StartsWith('.')) continue;
            try
            {
                var pod = StaticPodManifest.Parse(File.ReadAllText(file), file, nodeName);
                if (pods.Any(p => p.Key == pod.Key))
                {
                    errors.Add($"{file}: pod {pod.Key} is already defined by {pods.First(p => p.Key == pod.Key).File}");
                    continue;
                }
                pods.Add(pod);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                errors.Add($"{file}: {e.Message}");
            }
        }
        return (pods, errors);
    }
}
