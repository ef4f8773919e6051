using System.Buffers;
using System.IO.Pipelines;

namespace Obs.ApiServer.Spdy;

/// <summary>
/// One stream of a <see cref="SpdySession"/> as a duplex .NET stream: reads return the DATA the
/// peer sent (0 after its FIN, an <see cref="IOException"/> after a reset or a lost session),
/// writes go out as DATA frames within the flow-control windows, and <see cref="CloseWriteAsync"/>
/// half-closes with a FIN.
/// </summary>
internal sealed class SpdyStream : Stream
{
    /// <summary>Data frames of at most this size: small enough to interleave streams, large enough to be cheap.</summary>
    private const int MaxDataFrame = 32 * 1024;

    private readonly SpdySession _session;
    private readonly Pipe _incoming = new(new PipeOptions(pauseWriterThreshold: SpdyCodes.InitialWindow * 4, resumeWriterThreshold: SpdyCodes.InitialWindow));
    private int _writesClosed;

    public SpdyStream(SpdySession session, uint id, IReadOnlyDictionary<string, string> headers, int sendWindow)
    {
        _session = session;
        Id = id;
        Headers = headers;
        SendWindow = sendWindow;
    }

    public uint Id { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Bytes this end may still send (see <see cref="SpdySendCredit"/>); changed under its lock.</summary>
    internal long SendWindow { get; set; }

    public bool WritesClosed => Volatile.Read(ref _writesClosed) != 0;

    internal bool ReadsClosed { get; private set; }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var result = await _incoming.Reader.ReadAsync(cancellationToken);
        if (result.Buffer.IsEmpty && result.IsCompleted) return 0;
        var count = (int)Math.Min(buffer.Length, result.Buffer.Length);
        var taken = result.Buffer.Slice(0, count);
        taken.CopyTo(buffer.Span);
        _incoming.Reader.AdvanceTo(taken.End);
        await _session.ConsumedAsync(this, count, cancellationToken);
        return count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var granted = await _session.Credit.TakeAsync(this, Math.Min(buffer.Length, MaxDataFrame), cancellationToken);
            await _session.Writer.DataAsync(Id, buffer[..granted], false, cancellationToken);
            buffer = buffer[granted..];
        }
    }

    /// <summary>Sends FIN: this end writes no more, and reads go on until the peer's FIN.</summary>
    public async Task CloseWriteAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _writesClosed, 1) != 0) return;
        await _session.Writer.DataAsync(Id, ReadOnlyMemory<byte>.Empty, true, cancellationToken);
        _session.Forget(this);
    }

    /// <summary>Ends the stream at once both ways with RST_STREAM (CANCEL unless told).</summary>
    public async Task ResetAsync(uint status = SpdyCodes.Cancel)
    {
        var alreadyClosed = Interlocked.Exchange(ref _writesClosed, 1) != 0;
        Abort(new IOException($"stream {Id} was reset by this end"));
        if (!alreadyClosed || !ReadsClosed)
        {
            try { await _session.Writer.RstStreamAsync(Id, status, CancellationToken.None); }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException) { }
        }
        _session.Forget(this, force: true);
    }

    /// <summary>Data from the peer; waits while the reader is far behind, which holds up the session as spdystream does.</summary>
    internal async ValueTask ReceiveAsync(ReadOnlyMemory<byte> data, bool fin, CancellationToken cancellationToken)
    {
        if (!data.IsEmpty) await _incoming.Writer.WriteAsync(data, cancellationToken);
        if (fin) FinishReads();
    }

    internal void FinishReads()
    {
        if (ReadsClosed) return;
        ReadsClosed = true;
        _incoming.Writer.Complete();
        _session.Forget(this);
    }

    /// <summary>A unidirectional stream: the peer sends, this end may not.</summary>
    internal void MarkWritesClosed() => Interlocked.Exchange(ref _writesClosed, 1);

    /// <summary>Bytes read from this stream not yet given back to the peer in a WINDOW_UPDATE.</summary>
    internal int Unacknowledged { get; set; }

    /// <summary>The peer reset the stream or the session ended: reads fail and writes stop.</summary>
    internal void Abort(Exception reason)
    {
        Interlocked.Exchange(ref _writesClosed, 1);
        if (!ReadsClosed)
        {
            ReadsClosed = true;
            _incoming.Writer.Complete(reason);
        }
        _session.Credit.WakeAll();
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
