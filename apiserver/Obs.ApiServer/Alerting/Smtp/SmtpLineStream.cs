using System.Globalization;
using System.Text;

namespace Obs.ApiServer.Alerting.Smtp;

/// <summary>
/// Commands out, replies in, over one stream. Its own small buffer rather than a StreamReader, so
/// that <see cref="HasBufferedInput"/> can tell whether the server sent anything past a reply: after
/// "220 ready to start TLS" it must not (bytes read before the handshake would be trusted as if
/// they came over TLS).
/// </summary>
internal sealed class SmtpLineStream(Stream stream)
{
    /// <summary>RFC 5321 §4.5.3.1.5 allows 512 octets a reply line; real servers stay well below this.</summary>
    private const int MaxLine = 4096;
    private readonly byte[] _buffer = new byte[MaxLine];
    private int _start;
    private int _end;

    public bool HasBufferedInput => _start < _end;

    public async Task<SmtpReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 200 || code > 599 ||
                line.Length > 3 && line[3] is not (' ' or '-'))
                throw new IOException($"not an SMTP reply: \"{line}\"");
            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] == ' ') return new SmtpReply(code, lines);
        }
    }

    public async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var end = newline > _start && _buffer[newline - 1] == '\r' ? newline - 1 : newline;
                var line = Encoding.UTF8.GetString(_buffer, _start, end - _start);
                _start = newline + 1;
                return line;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) throw new IOException($"an SMTP reply line longer than {MaxLine} bytes");
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0) throw new IOException("the SMTP server closed the connection");
            _end += read;
        }
    }
}
