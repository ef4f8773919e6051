using System.Text;
using Obs.NodeAgent.Logs;

namespace Obs.NodeAgent.Tests.Logs;

public sealed class ContainerLogTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("obs-logs-").FullName;
    private readonly ManualTime _time = new(Start);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Write(ContainerLogWriter writer, int from, int to, LogStream stream = LogStream.Stdout)
    {
        for (var i = from; i <= to; i++)
        {
            writer.Write(stream, Encoding.UTF8.GetBytes($"line {i}"));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private async Task<List<string>> Read(LogReadOptions options, int restartCount = 0)
    {
        var lines = new List<string>();
        await foreach (var line in ContainerLogReader.ReadAsync(_directory, restartCount, options))
        {
            lines.Add(line.Format(options.Timestamps));
        }
        return lines;
    }

    [Fact]
    public void WritesCriFormat()
    {
        using (var writer = new ContainerLogWriter(_directory, 2, time: _time))
        {
            writer.Write(LogStream.Stderr, "boom"u8);
            writer.Write(LogStream.Stdout, "part"u8, partial: true);
        }
        Assert.Equal(
            "2026-11-22T03:00:00.000000000Z stderr F boom\n2026-11-22T03:00:00.000000000Z stdout P part\n",
            File.ReadAllText(Path.Combine(_directory, "2.log")));
    }

    [Fact]
    public void ParsesWhatItWrites()
    {
        Assert.True(LogLine.TryParse("2026-11-22T03:00:01.123456700Z stderr F hello world", out var line));
        Assert.Equal(new LogLine(new DateTimeOffset(2026, 11, 22, 3, 0, 1, TimeSpan.Zero).AddTicks(1234567), LogStream.Stderr, false, "hello world"), line);
        Assert.True(LogLine.TryParse("2026-11-22T03:00:01.123456700Z stdout F ", out var empty));
        Assert.Equal("", empty.Text);
        Assert.False(LogLine.TryParse("garbage", out _));
    }

    [Fact]
    public async Task RotatesBySizeKeepingMaxFilesAndReadsAcrossThem()
    {
        // Each line is 49 bytes; 120 bytes hold two.
        using var writer = new ContainerLogWriter(_directory, 0, maxBytes: 120, maxFiles: 3, time: _time);
        Write(writer, 1, 9);

        var files = Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, files.Count);
        Assert.Equal("0.log", files[0]);
        Assert.All(files.Skip(1), f => Assert.StartsWith("0.log.20261122-", f));
        // The oldest files went: lines 1-4 are gone, 5-9 are kept.
        Assert.Equal(["line 5", "line 6", "line 7", "line 8", "line 9"], await Read(new LogReadOptions()));
    }

    [Fact]
    public async Task TailSinceAndTimestamps()
    {
        using var writer = new ContainerLogWriter(_directory, 0, time: _time);
        Write(writer, 1, 5);

        Assert.Equal(["line 4", "line 5"], await Read(new LogReadOptions { TailLines = 2 }));
        Assert.Empty(await Read(new LogReadOptions { TailLines = 0 }));
        Assert.Equal(["line 3", "line 4", "line 5"], await Read(new LogReadOptions { Since = Start.AddSeconds(2) }));
        Assert.Equal(["line 5"], await Read(new LogReadOptions { Since = Start.AddSeconds(2), TailLines = 1 }));
        Assert.Equal(["2026-11-22T03:00:04.000000000Z line 5"], await Read(new LogReadOptions { TailLines = 1, Timestamps = true }));
    }

    [Fact]
    public async Task PreviousRunHasItsOwnFile()
    {
        using (var first = new ContainerLogWriter(_directory, 0, time: _time))
        {
            Write(first, 1, 1);
        }
        using var second = new ContainerLogWriter(_directory, 1, time: _time);
        Write(second, 2, 2);

        Assert.Equal(["line 1"], await Read(new LogReadOptions(), restartCount: 0));
        Assert.Equal(["line 2"], await Read(new LogReadOptions(), restartCount: 1));
    }

    [Fact]
    public async Task FollowSeesNewLinesAcrossRotationAndEndsWhenTheWriterCloses()
    {
        var writer = new ContainerLogWriter(_directory, 0, maxBytes: 120, maxFiles: 10, time: _time);
        Write(writer, 1, 1);
        var seen = new List<string>();
        var gotFirst = new TaskCompletionSource();
        var follower = Task.Run(async () =>
        {
            var options = new LogReadOptions { Follow = true, PollInterval = TimeSpan.FromMilliseconds(10) };
            await foreach (var line in ContainerLogReader.ReadAsync(_directory, 0, options, () => writer.IsClosed))
            {
                lock (seen)
                {
                    seen.Add(line.Text);
                }
                gotFirst.TrySetResult();
            }
        });
        await gotFirst.Task.WaitAsync(TimeSpan.FromSeconds(10));

        for (var i = 2; i <= 7; i++)
        {
            Write(writer, i, i);
            await Task.Delay(40);
        }
        await Task.Delay(100);
        writer.Dispose();
        await follower.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["line 1", "line 2", "line 3", "line 4", "line 5", "line 6", "line 7"], seen);
    }

    [Fact]
    public async Task FollowCatchesUpWhenSeveralRotationsHappenBetweenPolls()
    {
        var writer = new ContainerLogWriter(_directory, 0, maxBytes: 120, maxFiles: 20, time: _time);
        Write(writer, 1, 1);
        var seen = new List<string>();
        var gotFirst = new TaskCompletionSource();
        var follower = Task.Run(async () =>
        {
            var options = new LogReadOptions { Follow = true, PollInterval = TimeSpan.FromMilliseconds(400) };
            await foreach (var line in ContainerLogReader.ReadAsync(_directory, 0, options, () => writer.IsClosed))
            {
                lock (seen)
                {
                    seen.Add(line.Text);
                }
                gotFirst.TrySetResult();
            }
        });
        await gotFirst.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Three rotations at once, well within one poll.
        Write(writer, 2, 8);
        await Task.Delay(1000);
        writer.Dispose();
        await follower.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"line {i}"), seen);
    }

    [Fact]
    public async Task MultibyteCharactersSurviveReadBoundaries()
    {
        // Lines of 2042 bytes put the 64 KiB read boundary inside a two-byte "é".
        var text = "x" + new string('é', 1000);
        using (var writer = new ContainerLogWriter(_directory, 0, time: _time))
        {
            for (var i = 0; i < 40; i++)
            {
                writer.Write(LogStream.Stdout, Encoding.UTF8.GetBytes(text));
            }
        }
        Assert.True(new FileInfo(Path.Combine(_directory, "0.log")).Length > 64 * 1024);

        var lines = await Read(new LogReadOptions());

        Assert.Equal(40, lines.Count);
        Assert.All(lines, l => Assert.Equal(text, l));
    }
}
