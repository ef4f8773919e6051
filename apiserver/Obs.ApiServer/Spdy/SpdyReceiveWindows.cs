namespace Obs.ApiServer.Spdy;

/// <summary>
/// The receive side of SPDY/3.1 flow control: as the handler reads a stream's data, the session
/// and the stream windows are given back with WINDOW_UPDATE, in steps of half a window so that a
/// busy stream costs one small frame per 32 KB rather than one per read. Data beyond the window
/// (from a peer that keeps no windows) is accepted, as section 2.6.8 allows.
/// </summary>
internal sealed class SpdyReceiveWindows(SpdyFrameWriter writer)
{
    private const int Step = SpdyCodes.InitialWindow / 2;
    private readonly Lock _lock = new();
    private int _sessionUnacknowledged;

    /// <summary>Data for a stream that is gone still counts against the session window (section 2.6.8), and is given back at once.</summary>
    public Task DiscardedAsync(int count, CancellationToken cancellationToken) => GiveBackAsync(null, count, cancellationToken);

    public Task ConsumedAsync(SpdyStream stream, int count, CancellationToken cancellationToken) => GiveBackAsync(stream, count, cancellationToken);

    private async Task GiveBackAsync(SpdyStream? stream, int count, CancellationToken cancellationToken)
    {
        int session = 0, own = 0;
        lock (_lock)
        {
            _sessionUnacknowledged += count;
            if (_sessionUnacknowledged >= Step) (session, _sessionUnacknowledged) = (_sessionUnacknowledged, 0);
            if (stream is not null)
            {
                stream.Unacknowledged += count;
                if (stream.Unacknowledged >= Step && !stream.ReadsClosed) (own, stream.Unacknowledged) = (stream.Unacknowledged, 0);
            }
        }
        try
        {
            if (session > 0) await writer.WindowUpdateAsync(0, session, cancellationToken);
            if (own > 0) await writer.WindowUpdateAsync(stream!.Id, own, cancellationToken);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The session is going: the reader learns it from the stream itself.
        }
    }
}
