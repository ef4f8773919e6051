using System.Text;
using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Logs;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Tests.Runtime;

public sealed class ContainerConsoleTests
{
    private static ContainerSpec Spec(string script) => new("app", ["/bin/sh", "-c", script], [], [], null, CgroupLimits.None);

    /// <summary>Collects a session's output until the container ends it, each stream apart (their pumps run side by side).</summary>
    private static async Task<(string Stdout, string Stderr)> OutputAsync(System.Threading.Channels.ChannelReader<(LogStream Stream, byte[] Data)> output)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        await foreach (var (stream, data) in output.ReadAllAsync()) (stream == LogStream.Stdout ? stdout : stderr).Append(Encoding.UTF8.GetString(data));
        return (stdout.ToString(), stderr.ToString());
    }

    private static async Task<List<string>> LogAsync(IContainerProcess process)
    {
        var lines = new List<string>();
        await foreach (var line in process.ReadLogsAsync(new LogReadOptions())) lines.Add($"{line.Stream}:{line.Text}");
        return lines;
    }

    [Fact]
    public async Task StdinStaysOpenForTheSessionAndStdinOnceEndsIt()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        // With stdin on /dev/null, read would see the end at once and the script print "got " alone.
        var process = await test.StartAsync(sandbox, Spec("read x; echo \"got $x\" >&2; cat") with { Stdin = true, StdinOnce = true });
        var console = process.Console!;
        Assert.True(console.Stdin);
        Assert.False(console.Tty);
        var (output, subscription) = console.Subscribe();
        using (subscription)
        {
            Assert.True(await console.WriteAsync("one\ntwo\n"u8.ToArray(), CancellationToken.None));
            await console.CloseStdinAsync(CancellationToken.None);
            Assert.False(await console.WriteAsync("late\n"u8.ToArray(), CancellationToken.None));
            var terminated = await TestRuntime.Within(process.Exited);
            Assert.Equal(0, terminated.ExitCode);
            Assert.Equal(("two\n", "got one\n"), await OutputAsync(output));
        }
        Assert.Equal(["Stderr:got one", "Stdout:two"], (await LogAsync(process)).Order());
    }

    [Fact]
    public async Task AContainerWithATtyRunsOnAPseudoTerminalWhoseOutputIsItsLog()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var process = await test.StartAsync(sandbox, Spec("read x; tty; echo \"got $x\" >&2") with { Stdin = true, Tty = true });
        var console = process.Console!;
        Assert.True(console.Tty);
        var (output, subscription) = console.Subscribe();
        using (subscription)
        {
            await console.WriteAsync("hi\n"u8.ToArray(), CancellationToken.None);
            Assert.Equal(0, (await TestRuntime.Within(process.Exited)).ExitCode);
            var (shown, stderr) = await OutputAsync(output);
            Assert.Matches(@"^hi\r\n/dev/pts/\d+\r\ngot hi\r\n$", shown); // the typed line's echo, then the output; stderr is the terminal too
            Assert.Equal("", stderr);
        }
        var log = await LogAsync(process);
        Assert.Equal(3, log.Count);
        Assert.Equal("Stdout:hi\r", log[0]);
        Assert.Matches(@"^Stdout:/dev/pts/\d+\r$", log[1]);
        Assert.Equal("Stdout:got hi\r", log[2]);
    }

    [Fact]
    public async Task AContainerWithoutStdinReadsNothingAndTakesNoInput()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var process = await test.StartAsync(sandbox, Spec("cat; echo done"));
        Assert.Equal(0, (await TestRuntime.Within(process.Exited)).ExitCode);
        Assert.False(process.Console!.Stdin);
        Assert.False(await process.Console.WriteAsync("x"u8.ToArray(), CancellationToken.None));
        Assert.Equal(["Stdout:done"], await LogAsync(process));
    }
}
