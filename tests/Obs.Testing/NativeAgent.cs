using Obs.Cli.Cluster;
using Xunit;

namespace Obs.Testing;

/// <summary>
/// The node agent as <c>obs up</c> runs it: the natively compiled <c>obs-agent</c>, which the CLI's Release build
/// publishes (<see cref="RepositoryLayout.NativeAgent"/>). Tests that start an agent process start this one.
/// </summary>
public static class NativeAgent
{
    public static string Executable
    {
        get
        {
            var path = RepositoryLayout.NativeAgent;
            Assert.True(File.Exists(path), $"the native node agent is not built: {path} is missing (a Release build of apiserver/Obs.Cli publishes it)");
            return path;
        }
    }
}
