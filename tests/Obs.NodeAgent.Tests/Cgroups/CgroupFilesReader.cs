namespace Obs.NodeAgent.Tests.Cgroups;

internal static class CgroupFilesReader
{
    public static long Key(string path, string key) =>
        File.ReadLines(path).Select(l => l.Split(' ')).Where(p => p[0] == key).Select(p => long.Parse(p[1])).FirstOrDefault();
}
