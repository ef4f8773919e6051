namespace Obs.Exporter.Tests.Collectors;

/// <summary>
/// Makes the symbolic links a fixture tree lists in its <c>symlinks</c> file (sysfs keeps its devices as links, and
/// the build copies files only). Links already there are left alone, so a second test run finds them made.
/// </summary>
internal static class FixtureLinks
{
    public static void Create(string root)
    {
        foreach (var line in File.ReadAllLines(Path.Combine(root, "symlinks")))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var arrow = line.IndexOf(" -> ", StringComparison.Ordinal);
            var link = Path.Combine(root, line[..arrow]);
            if (new FileInfo(link).LinkTarget is not null)
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.CreateSymbolicLink(link, line[(arrow + 4)..]);
        }
    }
}
