using System.Reflection.PortableExecutable;
using Obs.Cli.Cluster;

namespace Obs.Cli.Tests;

/// <summary>
/// The Release build of the `obs` command (what `./obs up` runs) holds code compiled ahead of time
/// (ReadyToRun.targets): without it a node agent spends much of its startup and its first pod starts
/// compiling methods the first time they run.
/// </summary>
public sealed class ReadyToRunBuildTests
{
    [Theory]
    [InlineData("obs.dll")]
    [InlineData("Obs.NodeAgent.dll")]
    [InlineData("Obs.ServiceProxy.dll")]
    [InlineData("Obs.Client.dll")]
    [InlineData("Obs.Api.dll")]
    [InlineData("YamlDotNet.dll")]
    public void TheCliReleaseOutputIsCompiledAheadOfTime(string assembly)
    {
        var path = Path.Combine(RepositoryLayout.Root, "apiserver", "Obs.Cli", "bin", "Release", "net10.0", assembly);
        using var pe = new PEReader(File.OpenRead(path));
        // A ReadyToRun image keeps its IL and adds native code, found through the CLI header's ManagedNativeHeader.
        Assert.True(pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 }, $"{path} holds IL only");
    }
}
