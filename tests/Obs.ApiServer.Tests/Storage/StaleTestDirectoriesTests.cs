using System.Diagnostics;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Storage;

public sealed class StaleTestDirectoriesTests
{
    [Fact]
    public async Task TheDirectoriesOfAnEndedTestProcessAreRemovedAndALiveOnesAndOtherNamesAreLeft()
    {
        var parent = Path.Combine(Path.GetTempPath(), $"obs-sweep-{Guid.NewGuid():N}");
        Directory.CreateDirectory(parent);
        try
        {
            using var ended = Process.Start("true")!;
            await ended.WaitForExitAsync();
            string Make(string name)
            {
                var path = Path.Combine(parent, name);
                Directory.CreateDirectory(path);
                File.WriteAllText(Path.Combine(path, "kubeconfig"), "x");
                return path;
            }
            var stalePki = Make(StaleTestDirectories.PkiPrefix + ended.Id);
            var staleCluster = Make($"{StaleTestDirectories.ClusterPrefix}{ended.Id}-{Guid.NewGuid():N}");
            var livePki = Make(StaleTestDirectories.PkiPrefix + Environment.ProcessId);
            var liveCluster = Make($"{StaleTestDirectories.ClusterPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
            var server = Make(StaleTestServers.Prefix + ended.Id);
            var otherShape = Make($"obs-test-pgrestart-{ended.Id}-{Guid.NewGuid():N}");

            var removed = StaleTestDirectories.Sweep(parent);

            Assert.Equal(new[] { stalePki, staleCluster }.Order(), removed.Order());
            Assert.False(Directory.Exists(stalePki));
            Assert.False(Directory.Exists(staleCluster));
            Assert.All(new[] { livePki, liveCluster, server, otherShape }, d => Assert.True(Directory.Exists(d), d));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
