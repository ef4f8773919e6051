using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Api;

/// <summary>
/// An exec with <c>tty=true</c>: the command runs on a pseudo-terminal of its own, which it has as its
/// controlling terminal (a shell gets its prompt, line editing and job control; `tty` names it). What the
/// terminal shows goes to stdout (there is no separate stderr on a terminal, as in Kubernetes), stdin is
/// typed into it, and resize messages set its window size.
/// </summary>
internal static class TerminalExec
{
    /// <summary>How long a session is given to send its terminal's size before the program starts without it.</summary>
    private static readonly TimeSpan FirstSizeWait = TimeSpan.FromSeconds(1);

    /// <param name="end">Sends the Status and closes the session; called while the terminal is still there for what the client sends meanwhile.</param>
    public static async Task RunAsync(ChannelSocket channels, SpawnRequest launch, Func<WaitStatus, Task, Task> end, CancellationToken cancellationToken)
    {
        using var terminal = PseudoTerminal.Open();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The client's frames are read from before the spawn: kubectl sends its window's size first
        // thing, and the program should start at that size rather than be resized a moment later.
        var sized = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receive = channels.ReceiveAsync(
            data => Type(terminal, data, stop.Token),
            size =>
            {
                Resize(terminal, size);
                sized.TrySetResult();
            },
            () => Type(terminal, Runtime.ContainerConsole.EndOfInput, stop.Token), // the client's end of stdin, as the program on a terminal sees one
            stop.Token);
        // And the program starts once that size has come (or FirstSizeWait has passed): kubectl sends it after it has set
        // up its streams, and output sent before then is discarded by kubectl ("Unknown stream id 1, discarding message"),
        // which lost a fast program's first line. The terminal keeps what the program writes until it is read.
        await Task.WhenAny(sized.Task, receive, Task.Delay(FirstSizeWait, stop.Token));
        int pid;
        try
        {
            pid = Spawner.Spawn(launch with { TerminalFd = terminal.SlaveFd });
        }
        catch
        {
            await stop.CancelAsync();
            try { await receive; } catch (OperationCanceledException) { }
            throw;
        }
        finally
        {
            terminal.CloseSlave();
        }
        var exited = ChildWaiter.WaitAsync(pid);
        var output = terminal.ReadAllAsync(data => channels.SendAsync(ChannelSocket.Stdout, data), stop.Token);
        var status = await exited;
        // What the command wrote before it ended is still in the terminal: read it out, but not for ever
        // (a background process it left may keep the terminal open).
        await Task.WhenAny(output, Task.Delay(TimeSpan.FromSeconds(2), cancellationToken));
        await end(status, receive);
        await stop.CancelAsync();
        try { await receive; } catch (OperationCanceledException) { }
        await output;
    }

    public static async Task Type(PseudoTerminal terminal, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try { await terminal.WriteAsync(data, cancellationToken); }
        catch (IOException) { } // the program has gone: its end is reported by its exit
    }

    public static void Resize(PseudoTerminal terminal, TerminalSize size)
    {
        try { terminal.Resize(size.Width, size.Height); }
        catch (IOException) { }
    }
}
