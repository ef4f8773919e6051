using System.Threading.Channels;
using Obs.NodeAgent.Logs;
using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Runtime;

/// <summary>
/// What <c>kubectl attach</c> connects to in a container started with <c>stdin: true</c> or <c>tty: true</c>:
/// its stdin, held open by the agent (the write end of a FIFO, or the master of its pseudo-terminal) so
/// the program does not read end of file at start, as under Kubernetes; and its output from now on, as
/// the output pumps read it, handed to each attached session before it is split into log lines.
/// </summary>
public sealed class ContainerConsole : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ChannelWriter<(LogStream Stream, byte[] Data)>> _sessions = [];
    private readonly CancellationTokenSource _detached = new();
    private FileStream? _stdin;

    internal ContainerConsole(bool stdin, bool stdinOnce, FileStream? stdinWriter, PseudoTerminal? terminal)
    {
        Stdin = stdin;
        StdinOnce = stdinOnce;
        _stdin = stdinWriter;
        Terminal = terminal;
    }

    /// <summary>The container's spec asked for stdin: only then may a session write to it.</summary>
    public bool Stdin { get; }

    public bool StdinOnce { get; }

    public bool Tty => Terminal is not null;

    internal PseudoTerminal? Terminal { get; }

    /// <summary>The process that keeps <see cref="Terminal"/> open should the agent die (<see cref="TerminalHolder"/>): its PID and start time.</summary>
    internal (int Pid, long ProcStart)? Holder { get; init; }

    /// <summary>Every chunk of output from now on, until the session is disposed; a session too slow to keep up is ended.</summary>
    public (ChannelReader<(LogStream Stream, byte[] Data)> Output, IDisposable Subscription) Subscribe()
    {
        var channel = Channel.CreateBounded<(LogStream, byte[])>(new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        lock (_gate) _sessions.Add(channel.Writer);
        return (channel.Reader, new Unsubscribe(this, channel.Writer));
    }

    /// <summary>Called by the output pumps with what they read, before the log sees it.</summary>
    internal void Publish(LogStream stream, ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            if (_sessions.Count == 0) return;
            var copy = data.ToArray();
            for (var i = _sessions.Count - 1; i >= 0; i--)
            {
                // The container's output must never wait for a client: one that falls 1024 chunks behind is let go.
                if (!_sessions[i].TryWrite((stream, copy)))
                {
                    _sessions[i].TryComplete(new IOException("the attached client did not keep up with the container's output"));
                    _sessions.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Writes to the container's stdin; false once it is closed.</summary>
    public async Task<bool> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (Terminal is not null)
        {
            await Terminal.WriteAsync(data, cancellationToken);
            return true;
        }
        var stdin = _stdin;
        if (stdin is null) return false;
        try
        {
            await stdin.WriteAsync(data, cancellationToken);
            await stdin.FlushAsync(cancellationToken);
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Ends stdin for <c>stdinOnce</c>: the FIFO's last writer closes, so the program reads end of file; on
    /// a terminal, which cannot be half closed without hanging up the program, it is typed the end-of-file character.
    /// </summary>
    public async Task CloseStdinAsync(CancellationToken cancellationToken)
    {
        if (Terminal is not null)
        {
            await Terminal.WriteAsync(EndOfInput, cancellationToken);
            return;
        }
        var stdin = Interlocked.Exchange(ref _stdin, null);
        if (stdin is not null) await stdin.DisposeAsync();
    }

    /// <summary>^D: end of file on a terminal in canonical mode.</summary>
    internal static readonly byte[] EndOfInput = [0x04];

    /// <summary>Cancelled once this agent run lets the terminal go (<see cref="Detach"/>): the terminal's reader stops.</summary>
    internal CancellationToken Detached => _detached.Token;

    /// <summary>The container has ended: sessions see the end of its output, stdin and the terminal are let go.</summary>
    public void Dispose()
    {
        Release();
        if (Holder is { } holder) TerminalHolder.Stop(holder.Pid, holder.ProcStart);
    }

    /// <summary>
    /// The agent leaves the container running for a later run to adopt: sessions end, and its reader and copy of the
    /// terminal's master are let go, as an agent that dies lets them go; the holder keeps the terminal open.
    /// </summary>
    public void Detach()
    {
        _detached.Cancel();
        Release();
    }

    private void Release()
    {
        lock (_gate)
        {
            foreach (var session in _sessions) session.TryComplete();
            _sessions.Clear();
        }
        Interlocked.Exchange(ref _stdin, null)?.Dispose();
        Terminal?.Dispose();
    }

    private sealed class Unsubscribe(ContainerConsole console, ChannelWriter<(LogStream, byte[])> writer) : IDisposable
    {
        public void Dispose()
        {
            lock (console._gate) console._sessions.Remove(writer);
            writer.TryComplete();
        }
    }
}
