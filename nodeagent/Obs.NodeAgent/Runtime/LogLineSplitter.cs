using Obs.NodeAgent.Logs;

namespace Obs.NodeAgent.Runtime;

/// <summary>
/// Cuts a container's output into log lines as it arrives in pieces: a line is written when its
/// newline comes, a line longer than <see cref="ContainerLogWriter.MaxLineBytes"/> in partial pieces,
/// and what is left at the end as a last line.
/// </summary>
/// <remarks>
/// Whole lines are written straight from what was read; only the start of a line still waiting for its newline is
/// copied aside, into a buffer made the first time one waits. Most containers print whole lines or nothing, and an
/// agent runs two of these per container for the container's life.
/// </remarks>
internal sealed class LogLineSplitter(ContainerLogWriter writer, LogStream stream)
{
    private byte[]? _pending;
    private int _filled;

    public LogStream Stream => stream;

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var piece = newline >= 0 ? data[..newline] : data;
            if (newline >= 0 && _filled == 0 && piece.Length <= ContainerLogWriter.MaxLineBytes)
            {
                writer.Write(stream, piece);
                data = data[(newline + 1)..];
                continue;
            }
            var pending = _pending ??= new byte[ContainerLogWriter.MaxLineBytes];
            while (_filled + piece.Length > pending.Length)
            {
                // Fill the buffer to the brim and write it as a partial line.
                var room = pending.Length - _filled;
                piece[..room].CopyTo(pending.AsSpan(_filled));
                writer.Write(stream, pending, partial: true);
                _filled = 0;
                piece = piece[room..];
            }
            piece.CopyTo(pending.AsSpan(_filled));
            _filled += piece.Length;
            if (newline < 0) return;
            writer.Write(stream, pending.AsSpan(0, _filled));
            _filled = 0;
            data = data[(newline + 1)..];
        }
    }

    public void Flush()
    {
        if (_filled == 0) return;
        writer.Write(stream, _pending.AsSpan(0, _filled));
        _filled = 0;
    }
}
