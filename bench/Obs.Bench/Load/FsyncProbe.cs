using System.Diagnostics;

namespace Obs.Bench.Load;

/// <summary>
/// How long the disk under PostgreSQL takes to make 8 kB durable (write + fsync), right now: the
/// floor under every commit. Commits that NOTIFY are serialised by PostgreSQL (one at a time through
/// the notify queue lock, fsync included), so 1 / this time bounds their rate.
/// </summary>
internal static class FsyncProbe
{
    public static LatencySample Measure(string directory, int count)
    {
        var file = Path.Combine(directory, "fsync-probe");
        var block = new byte[8192];
        var latencies = new double[count];
        try
        {
            using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            for (var i = 0; i < count; i++)
            {
                stream.Position = 0;
                var start = Stopwatch.GetTimestamp();
                stream.Write(block);
                stream.Flush(flushToDisk: true);
                latencies[i] = LatencySample.Milliseconds(start, Stopwatch.GetTimestamp());
            }
        }
        finally
        {
            File.Delete(file);
        }
        return new LatencySample(latencies);
    }
}
