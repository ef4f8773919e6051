using Obs.Cli.Cluster;

namespace Obs.Bench.Processes;

/// <summary>
/// The obs.dll the benchmarks start (the apiserver, the scheduler, node agents): the build `./obs up` runs,
/// named by OBS_BENCH_OBS_DLL (./obs bench sets it to the CLI's own output, whose assemblies are compiled
/// ahead of time; the copies in this benchmark's output are the plain IL ones), else this benchmark's copy.
/// </summary>
internal static class ObsBuild
{
    public static string Dll =>
        Environment.GetEnvironmentVariable("OBS_BENCH_OBS_DLL") is { Length: > 0 } dll && File.Exists(dll) ? dll : typeof(LocalCluster).Assembly.Location;
}
