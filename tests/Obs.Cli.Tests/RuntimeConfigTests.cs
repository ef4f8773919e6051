using System.Text.Json;
using Obs.Cli.Cluster;

namespace Obs.Cli.Tests;

/// <summary>The runtime settings the `obs` command starts with (its obs.runtimeconfig.json).</summary>
public sealed class RuntimeConfigTests
{
    /// <summary>No component speaks HTTP/3; with it on, every HttpClient loads System.Net.Quic, which an idle node agent keeps mapped.</summary>
    [Fact]
    public void Http3IsOffSoHttpClientsNeverLoadQuic()
    {
        Assert.Equal("False", Setting("System.Net.SocketsHttpHandler.Http3Support"));
    }

    /// <summary>Idle thread-pool workers sleep at once instead of spinning on the cores every component shares.</summary>
    [Fact]
    public void ThreadPoolWorkersDoNotSpin()
    {
        Assert.Equal("0", Setting("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"));
    }

    /// <summary>
    /// No dynamic PGO: hot methods go straight to optimized code instead of through an instrumented copy, a second JIT
    /// compilation of each that lagged a minute behind on two shared cores (the apiserver's CPU per create: see the README).
    /// </summary>
    [Fact]
    public void HotMethodsAreNotCompiledAgainInAnInstrumentedCopy()
    {
        Assert.Equal("False", Setting("System.Runtime.TieredPGO"));
    }

    /// <summary>
    /// The GC compacts gen2 once a tenth of it is free: the watch cache's superseded versions die there, and swept into
    /// free lists they stayed resident (the scheduler benchmark's apiserver and scheduler RSS: see the csproj).
    /// </summary>
    [Fact]
    public void FragmentedGen2IsCompacted()
    {
        Assert.Equal("9", Setting("System.GC.ConserveMemory"));
    }

    private static string? Setting(string name)
    {
        var config = Path.ChangeExtension(typeof(LocalCluster).Assembly.Location, ".runtimeconfig.json");
        using var json = JsonDocument.Parse(File.ReadAllText(config));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        return properties.TryGetProperty(name, out var value) ? value.ToString() : null;
    }
}
