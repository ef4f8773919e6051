using Obs.NodeAgent.Logs;

namespace Obs.NodeAgent.Runtime;

/// <summary>
/// Cuts a container's output into log lines as it arrives in pieces: a line is written when its
/// newline comes, a line longer than <see cref="ContainerLogWriter.MaxLineBytes"/> in partial pieces,
/// and what is left at the end as a last line.
/// </summary>
internal sealed class LogLineSplitter(ContainerLogWriter writer, LogStream stream)
{
    private readonly byte[] _buffer = new byte[ContainerLogWriter.MaxLineBytes];
    private int _filled;

    public LogStream Stream => stream;

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var piece = newline >= 0 ? data[..newline] : data;
            while (_filled + piece.Length > _buffer.Length)
            {
                // Fill the buffer to the brim and write it as a partial line.
                var room = _buffer.Length - _filled;
                piece[..room].CopyTo(_buffer.AsSpan(_filled));
                writer.Write(stream, _buffer, partial: true);
                _filled = 0;
                piece = piece[room..];
            }
            piece.CopyTo(_buffer.AsSpan(_filled));
            _filled += piece.Length;
            if (newline < 0) return;
            writer.Write(stream, _buffer.AsSpan(0, _filled));
            _filled = 0;
            data = data[(newline + 1)..];
        }
    }

    public void Flush()
    {
        if (_filled == 0) return;
        writer.Write(stream, _buffer.AsSpan(0, _filled));
        _filled = 0;
    }
}
