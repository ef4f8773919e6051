using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.Cli.Tests;

/// <summary>
/// The node agent `./obs up` runs is obs-agent compiled to native code, which the CLI's Release build publishes
/// (NativeAgent.targets): a program of its own that needs no .NET runtime, and the same agent command as `obs agent`.
/// </summary>
public sealed class NativeAgentBuildTests
{
    [Fact]
    public void TheReleaseBuildPublishesANativeExecutableWithNoAssemblyBesideIt()
    {
        var path = NativeAgent.Executable;
        using (var file = File.OpenRead(path))
        {
            var magic = new byte[4];
            file.ReadExactly(magic);
            Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, magic);
        }
        Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{path} is not executable");
        // A framework-dependent program would need its IL beside it and the dotnet host to run.
        Assert.False(File.Exists(Path.ChangeExtension(path, ".dll")), "obs-agent.dll beside the native binary");
        Assert.False(File.Exists(path + ".runtimeconfig.json"), "a runtimeconfig beside the native binary");
    }

    [Fact]
    public async Task ItTakesExactlyTheOptionsOfObsAgent()
    {
        var native = await ProcessRunner.RunAsync(NativeAgent.Executable, ["--help"]);
        var managed = await ProcessRunner.RunAsync("dotnet", [typeof(LocalCluster).Assembly.Location, "agent", "--help"]);
        Assert.True(native.ExitCode == 0, native.ToString());
        Assert.True(managed.ExitCode == 0, managed.ToString());
        Assert.Contains("--kubeconfig", native.StdOut);
        Assert.Equal(AgentOptions(managed.StdOut), AgentOptions(native.StdOut));
    }

    /// <summary>The option lines of a help text, less --version, which only a root command has.</summary>
    private static string[] AgentOptions(string help) =>
        help.Split('\n').Where(line => line.StartsWith("  -", StringComparison.Ordinal) && !line.Contains("--version", StringComparison.Ordinal)).ToArray();
}
