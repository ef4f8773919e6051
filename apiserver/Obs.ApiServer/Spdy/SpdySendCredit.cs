namespace Obs.ApiServer.Spdy;

/// <summary>
/// The send side of SPDY/3.1 flow control (section 2.6.8): a window for the session and one per
/// stream, each shrunk by the data sent and grown by the peer's WINDOW_UPDATEs; a sender waits
/// while either is spent.
/// </summary>
/// <remarks>
/// The windows are kept from the first byte, but waited on only once the peer shows it keeps
/// them too, by sending a WINDOW_UPDATE or an initial window size: kubectl's SPDY library
/// (moby/spdystream, in every kubectl and kubelet) implements SPDY/3 without flow control and
/// never sends a WINDOW_UPDATE, so holding it to a 64 KB window would stall every forwarded
/// connection after 64 KB. Backpressure then comes from the transport, as it does between kubectl
/// and the kubelet.
/// </remarks>
internal sealed class SpdySendCredit
{
    private readonly Lock _lock = new();
    private long _session = SpdyCodes.InitialWindow;
    private TaskCompletionSource _grown = NewSignal();

    public bool PeerControlsFlow { get; private set; }

    public int InitialStreamWindow { get; private set; } = SpdyCodes.InitialWindow;

    /// <summary>Up to <paramref name="wanted"/> bytes <paramref name="stream"/> may send now, taken from both windows; waits while none.</summary>
    public async ValueTask<int> TakeAsync(SpdyStream stream, int wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task grown;
            lock (_lock)
            {
                if (stream.WritesClosed) throw new IOException($"stream {stream.Id} was closed");
                var granted = PeerControlsFlow ? (int)Math.Min(wanted, Math.Min(_session, stream.SendWindow)) : wanted;
                if (granted > 0)
                {
                    _session -= granted;
                    stream.SendWindow -= granted;
                    return granted;
                }
                grown = _grown.Task;
            }
            await grown.WaitAsync(cancellationToken);
        }
    }

    /// <summary>A WINDOW_UPDATE for the session; false when it would pass 2^31-1, which the peer may not do.</summary>
    public bool GrowSession(int delta) => Grow(() => _session += delta, () => _session + delta > int.MaxValue);

    public bool GrowStream(SpdyStream stream, int delta) => Grow(() => stream.SendWindow += delta, () => stream.SendWindow + delta > int.MaxValue);

    /// <summary>SETTINGS_INITIAL_WINDOW_SIZE: open streams' windows move by the difference (and may go negative).</summary>
    public void SetInitialStreamWindow(int size, IEnumerable<SpdyStream> open)
    {
        lock (_lock)
        {
            PeerControlsFlow = true;
            var delta = size - InitialStreamWindow;
            InitialStreamWindow = size;
            foreach (var stream in open) stream.SendWindow += delta;
            Wake();
        }
    }

    /// <summary>Wakes every waiting sender, to send or to find its stream closed.</summary>
    public void WakeAll()
    {
        lock (_lock) Wake();
    }

    private bool Grow(Action grow, Func<bool> overflows)
    {
        lock (_lock)
        {
            PeerControlsFlow = true;
            if (overflows()) return false;
            grow();
            Wake();
            return true;
        }
    }

    private void Wake()
    {
        _grown.TrySetResult();
        _grown = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
