namespace Obs.Forwarding;

/// <summary>
/// Follows a chunked body (RFC 9112 §7.1) as its bytes pass, to find where it ends: chunk sizes, extensions,
/// data, the last chunk and the trailer section. The bytes themselves go on unchanged. A fresh (default)
/// scanner starts at the first chunk's size.
/// </summary>
public struct ChunkedBodyScanner
{
    private const int MaxSizeDigits = 15;

    private State _state;
    private long _remaining;
    private int _digits;

    private enum State
    {
        Size,
        Extension,
        SizeLineFeed,
        Data,
        DataCarriageReturn,
        DataLineFeed,
        TrailerLineStart,
        TrailerLine,
        TrailerLineFeed,
        FinalLineFeed,
        Done,
        Invalid,
    }

    public readonly bool IsDone => _state == State.Done;

    public readonly bool IsInvalid => _state == State.Invalid;

    /// <summary>Reads what of <paramref name="bytes"/> belongs to the body.</summary>
    /// <returns>How many bytes belong to it: all of them unless the body ended (<see cref="IsDone"/>) or is malformed (<see cref="IsInvalid"/>).</returns>
    public int Scan(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length && _state is not (State.Done or State.Invalid))
        {
            if (_state == State.Data)
            {
                var take = (int)Math.Min(_remaining, bytes.Length - i);
                i += take;
                _remaining -= take;
                if (_remaining == 0) _state = State.DataCarriageReturn;
                continue;
            }
            var b = bytes[i++];
            _state = _state switch
            {
                State.Size => Size(b),
                State.Extension => b == '\r' ? State.SizeLineFeed : b == '\n' ? State.Invalid : State.Extension,
                State.SizeLineFeed => b != '\n' ? State.Invalid : _remaining == 0 ? State.TrailerLineStart : State.Data,
                State.DataCarriageReturn => b == '\r' ? State.DataLineFeed : State.Invalid,
                State.DataLineFeed => b == '\n' ? Restart() : State.Invalid,
                State.TrailerLineStart => b == '\r' ? State.FinalLineFeed : b == '\n' ? State.Invalid : State.TrailerLine,
                State.TrailerLine => b == '\r' ? State.TrailerLineFeed : State.TrailerLine,
                State.TrailerLineFeed => b == '\n' ? State.TrailerLineStart : State.Invalid,
                State.FinalLineFeed => b == '\n' ? State.Done : State.Invalid,
                _ => State.Invalid,
            };
        }
        return i;
    }

    private State Size(byte b)
    {
        var digit = b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };
        if (digit >= 0)
        {
            if (++_digits > MaxSizeDigits) return State.Invalid;
            _remaining = _remaining * 16 + digit;
            return State.Size;
        }
        if (_digits == 0) return State.Invalid;
        return b switch
        {
            (byte)'\r' => State.SizeLineFeed,
            (byte)';' or (byte)' ' or (byte)'\t' => State.Extension,
            _ => State.Invalid,
        };
    }

    private State Restart()
    {
        _digits = 0;
        _remaining = 0;
        return State.Size;
    }
}
