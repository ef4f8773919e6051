using System.Diagnostics;
using Obs.ApiServer.Storage;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Storage;

public sealed class StaleTestServersTests
{
    [Fact]
    public async Task AServerWhoseTestProcessIsGoneIsStoppedAndRemovedAndALiveOnesDirectoryIsLeft()
    {
        var parent = Path.Combine(Path.GetTempPath(), $"obs-sweep-{Guid.NewGuid():N}");
        Directory.CreateDirectory(parent);
        try
        {
            using var ended = Process.Start("true")!;
            await ended.WaitForExitAsync();
            var stale = Path.Combine(parent, StaleTestServers.Prefix + ended.Id);
            var server = new EmbeddedPostgres(stale);
            await server.InitializeAsync();
            await server.StartAsync();
            var postmaster = int.Parse(File.ReadLines(Path.Combine(server.DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
            var live = Path.Combine(parent, StaleTestServers.Prefix + Environment.ProcessId);
            Directory.CreateDirectory(live);

            var removed = await StaleTestServers.SweepAsync(parent);

            Assert.Equal([stale], removed);
            Assert.False(Directory.Exists(stale));
            Assert.False(Directory.Exists($"/proc/{postmaster}") && !File.ReadAllText($"/proc/{postmaster}/stat").Contains(") Z ", StringComparison.Ordinal), "the stale server still runs");
            Assert.True(Directory.Exists(live));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
