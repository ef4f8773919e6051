using System.Runtime.CompilerServices;
using Obs.Exporter.Containers;

namespace Obs.Exporter.Tests.Containers;

/// <summary>
/// Cgroup directories as the kernel lays them out, read from the source tree (the test project copies
/// only the node collectors' fixtures to its output).
/// </summary>
internal static class ContainerFixtures
{
    public static string Directory { get; } = Path.Combine(SourceDirectory(), "fixtures");

    public static CgroupPaths V2 { get; } = CgroupPaths.Unified(Path.Combine(Directory, "v2"));

    public static CgroupPaths V1 { get; } = CgroupPaths.PerController(
        Path.Combine(Directory, "v1", "cpu"), Path.Combine(Directory, "v1", "cpuacct"),
        Path.Combine(Directory, "v1", "memory"), Path.Combine(Directory, "v1", "pids"));

    public static ReadOnlySpan<byte> Read(string relative) => File.ReadAllBytes(Path.Combine(Directory, relative));

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
