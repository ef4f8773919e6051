using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class ProcFileTests
{
    /// <summary>
    /// Eighty UDP sockets make /proc/net/udp some 10 KB, more than the kernel gives in one read (a page): a read that
    /// took a page's worth for the end would lose sockets. Each of ours must be in the text read.
    /// </summary>
    [Fact]
    public void ShortSeqFileReadEndKeepsEverySocketOfALongUdpTable()
    {
        var sockets = Enumerable.Range(0, 80).Select(_ => new UdpClient(new IPEndPoint(IPAddress.Loopback, 0))).ToList();
        try
        {
            var text = Encoding.ASCII.GetString(new ProcFile("/proc/net/udp", 16 * 1024, FileEnd.ShortSeqFileRead).Read());
            Assert.True(text.Length > 8192, $"the table is only {text.Length} bytes");
            foreach (var socket in sockets)
            {
                var port = ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
                Assert.Contains("0100007F:" + port.ToString("X4", CultureInfo.InvariantCulture) + " ", text, StringComparison.Ordinal);
            }
        }
        finally
        {
            sockets.ForEach(socket => socket.Dispose());
        }
    }

    /// <summary>
    /// The /proc files the collectors read without the end-of-file read: each read so is whole, the same lines (by
    /// their first field, as values move) as read to the zero read. vmstat is longer than a page on most kernels.
    /// </summary>
    [Theory]
    [InlineData("meminfo")]
    [InlineData("loadavg")]
    [InlineData("stat")]
    [InlineData("vmstat")]
    [InlineData("net/sockstat")]
    [InlineData("net/netstat")]
    [InlineData("net/snmp")]
    [InlineData("net/snmp6")]
    [InlineData("net/arp")]
    public void SeqFilesReadWithoutTheZeroReadAreWhole(string file)
    {
        static string[] Keys(ReadOnlySpan<byte> text) =>
            Encoding.ASCII.GetString(text).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')[0]).ToArray();
        var path = "/proc/" + file;
        var whole = Keys(new ProcFile(path, 4096, FileEnd.ZeroRead).Read());
        Assert.NotEmpty(whole);
        Assert.Equal(whole, Keys(new ProcFile(path, 4096, FileEnd.ShortSeqFileRead).Read()));
    }

    /// <summary>A feature the kernel lacks (its file missing) is not looked for on every scrape: not before a minute has passed.</summary>
    [Fact]
    public void AMissingFileIsNotLookedForAgainWithinTheMinute()
    {
        using var directory = new TemporaryDirectory();
        var file = new ProcFile(Path.Combine(directory.Path, "irq"));
        Assert.False(file.TryRead(out _));
        directory.Write("irq", "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        Assert.False(file.TryRead(out _));
        Assert.True(new ProcFile(Path.Combine(directory.Path, "irq")).TryRead(out var text));
        Assert.StartsWith("some", Encoding.ASCII.GetString(text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(FileEnd.ShortSeqFileRead))]
    [InlineData(nameof(FileEnd.ShortRead))]
    public void ShortReadEndReadsARegularFileLongerThanItsBufferWhole(string end)
    {
        using var directory = new TemporaryDirectory();
        var content = string.Concat(Enumerable.Range(0, 1000).Select(i => $"line {i:D4}\n"));
        var file = new ProcFile(directory.Write("long", content), 4096, Enum.Parse<FileEnd>(end));
        Assert.Equal(content, Encoding.ASCII.GetString(file.Read()));
        Assert.Equal(content, Encoding.ASCII.GetString(file.Read()));
    }

    [Fact]
    public void ShortReadEndReadsASysfsAttributeWhole()
    {
        const string Attribute = "/sys/kernel/mm/transparent_hugepage/enabled";
        Assert.Equal(File.ReadAllText(Attribute), Encoding.ASCII.GetString(new ProcFile(Attribute, 8, FileEnd.ShortRead).Read()));
    }
}
