using System.Text;
using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Tests.Native;

public sealed class PseudoTerminalTests
{
    private static readonly string[] Path = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];

    private static (int Pid, Task<WaitStatus> Exited) Spawn(PseudoTerminal terminal, string script)
    {
        try
        {
            var pid = Spawner.Spawn(new SpawnRequest("/bin/sh", ["/bin/sh", "-c", script], Path, "/dev/null", "/dev/null", Libc.O_WRONLY, null, 0,
                TerminalFd: terminal.SlaveFd));
            return (pid, ChildWaiter.WaitAsync(pid));
        }
        finally
        {
            terminal.CloseSlave();
        }
    }

    private static Task<string> ReadAllAsync(PseudoTerminal terminal)
    {
        var shown = new StringBuilder();
        return terminal.ReadAllAsync(data =>
        {
            shown.Append(Encoding.UTF8.GetString(data.Span));
            return Task.CompletedTask;
        }, CancellationToken.None).ContinueWith(_ => shown.ToString(), TaskScheduler.Default);
    }

    [Fact]
    public async Task TheChildRunsOnTheTerminalAsItsControllingTerminalAtItsSize()
    {
        using var terminal = PseudoTerminal.Open();
        terminal.Resize(100, 30);
        Assert.Equal(((ushort)100, (ushort)30), terminal.Size());
        // /dev/tty opens only for a process with a controlling terminal; stderr goes to the terminal too.
        var (_, exited) = Spawn(terminal, "tty; stty size; echo via-controlling-terminal > /dev/tty; echo on-stderr >&2");
        var shown = await ReadAllAsync(terminal);
        Assert.Equal(0, (await exited).ExitCode);
        Assert.Equal($"{terminal.SlavePath}\r\n30 100\r\nvia-controlling-terminal\r\non-stderr\r\n", shown);
    }

    [Fact]
    public async Task TypedInputAndResizesReachTheChildAndEndOfInputEndsIt()
    {
        using var terminal = PseudoTerminal.Open();
        var (_, exited) = Spawn(terminal, "read line; echo \"read $line\"; stty size; cat; echo cat-ended");
        var shown = ReadAllAsync(terminal);
        terminal.Resize(120, 50);
        await terminal.WriteAsync("first\n"u8.ToArray(), CancellationToken.None);
        await terminal.WriteAsync(new byte[] { 0x04 }, CancellationToken.None); // ^D at the start of a line: cat reads its end
        Assert.Equal(0, (await exited).ExitCode);
        // The terminal echoes what is typed as it arrives, before the child reads it.
        Assert.Equal("first\r\nread first\r\n50 120\r\ncat-ended\r\n", await shown);
    }
}
