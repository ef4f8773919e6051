using System.Text;
using Obs.Exporter.Containers;
using Xunit.Abstractions;

namespace Obs.Exporter.Tests.Containers;

public sealed class CgroupFileTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("obs-cgroupfile-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void MissingFileIsNotRead()
    {
        using var file = new CgroupFile(Path.Combine(directory, "pids.current"));
        Assert.False(file.TryRead(out _));
    }

    /// <summary>A restarted container gets a new cgroup at the same path; the handle kept open on the old one fails and is replaced.</summary>
    [Fact]
    public void CgroupMadeAgainAfterRemovalIsReadAfresh()
    {
        var name = "obs-exporter-test-" + Guid.NewGuid().ToString("N")[..12];
        CgroupFile file;
        using (var first = TestCgroup.TryCreate(name, 20_000, 100_000, out var whyNot))
        {
            if (first is null)
            {
                output.WriteLine("SKIPPED: " + whyNot);
                return;
            }
            file = new CgroupFile(Path.Combine(first.Paths.Cpu!, first.Paths.IsUnified ? "cpu.max" : "cpu.cfs_quota_us"));
            Assert.True(file.TryRead(out var before));
            Assert.StartsWith("20000", Encoding.ASCII.GetString(before), StringComparison.Ordinal);
        }
        using (file)
        using (var second = TestCgroup.TryCreate(name, 30_000, 100_000, out var whyNot))
        {
            Assert.True(second is not null, whyNot);
            Assert.True(file.TryRead(out var after));
            Assert.StartsWith("30000", Encoding.ASCII.GetString(after), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FileLargerThanTheBufferIsReadWhole()
    {
        var path = Path.Combine(directory, "memory.stat");
        var text = string.Concat(Enumerable.Range(0, 200).Select(i => $"key{i} {i}\n"));
        File.WriteAllText(path, text);
        using var file = new CgroupFile(path, initialSize: 16);
        Assert.True(file.TryRead(out var read));
        Assert.Equal(text, Encoding.ASCII.GetString(read));
    }
}
