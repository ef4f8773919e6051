using System.Globalization;
using System.Text;
using Obs.ApiServer.Spdy;
using Obs.Forwarding;

namespace Obs.ApiServer.PortForward;

/// <summary>
/// The portforward.k8s.io protocol over a SPDY session: for each connection it forwards, kubectl
/// opens two streams with the headers <c>streamtype</c> (<c>error</c> or <c>data</c>), <c>port</c>
/// and <c>requestid</c>. Once both streams of a request are open, the pod's port is dialed and the
/// data stream carries the bytes both ways; a failure is written as text on the error stream,
/// which kubectl prints as "an error occurred forwarding L -> P: ...". The error stream ends
/// (FIN) when the forwarded connection does.
/// </summary>
internal sealed class PortForwardRequests(PortDialer dial, TimeSpan pairTimeout, CancellationToken stopping) : ISpdyStreamHandler
{
    public const string StreamTypeHeader = "streamtype";
    public const string PortHeader = "port";
    public const string RequestIdHeader = "requestid";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (SpdyStream? Error, SpdyStream? Data)> _waiting = new(StringComparer.Ordinal);
    private readonly List<Task> _running = [];

    public bool Admit(SpdyStream stream)
    {
        var type = Header(stream, StreamTypeHeader);
        if (type is not ("error" or "data") || Port(stream) is null || string.IsNullOrEmpty(Header(stream, RequestIdHeader))) return false;
        lock (_lock)
        {
            // A second stream of the same type for a request still waiting for its partner is a client's mistake.
            return !_waiting.TryGetValue(Header(stream, RequestIdHeader)!, out var pair) || (type == "error" ? pair.Error : pair.Data) is null;
        }
    }

    public void Opened(SpdyStream stream)
    {
        var id = Header(stream, RequestIdHeader)!;
        lock (_lock)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _waiting.TryGetValue(id, out var pair);
            pair = Header(stream, StreamTypeHeader) == "error" ? pair with { Error = stream } : pair with { Data = stream };
            if (pair is { Error: { } error, Data: { } data })
            {
                _waiting.Remove(id);
                _running.Add(Task.Run(() => ForwardAsync(error, data)));
            }
            else
            {
                _waiting[id] = pair;
                if (pair.Error is null || pair.Data is null) _running.Add(ExpireAsync(id, stream));
            }
        }
    }

    /// <summary>Waits for every forwarded connection to end (the session has ended, so each fails soon).</summary>
    public async Task DrainAsync()
    {
        List<(SpdyStream? Error, SpdyStream? Data)> lone;
        Task[] running;
        lock (_lock)
        {
            lone = [.. _waiting.Values];
            _waiting.Clear();
            running = [.. _running];
        }
        foreach (var (error, data) in lone)
        {
            if (error is not null) await error.ResetAsync();
            if (data is not null) await data.ResetAsync();
        }
        await Task.WhenAll(running);
    }

    private async Task ForwardAsync(SpdyStream error, SpdyStream data)
    {
        try
        {
            var target = await dial(Port(data)!.Value, stopping);
            if (target.Connection is not { } connection)
            {
                await error.WriteAsync(Encoding.UTF8.GetBytes(target.Error ?? "the pod's port could not be reached"), stopping);
                await data.CloseWriteAsync(stopping);
                await error.CloseWriteAsync(stopping);
                return;
            }
            await using (connection)
            {
                var up = CopyAsync(data, connection);
                var down = CopyAsync(connection, data);
                var first = await Task.WhenAny(up, down);
                if (first.IsFaulted) await data.ResetAsync();
                else await (first == up ? down : up);
            }
            await error.CloseWriteAsync(stopping);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            await data.ResetAsync();
            await error.ResetAsync();
        }
    }

    private async Task CopyAsync(Stream from, Stream to)
    {
        await StreamCopy.CopyAsync(from, to, stopping);
        await HalfClose.CloseWriteAsync(to, stopping);
    }

    /// <summary>kubectl opens both streams at once; one left alone this long is given up, as the kubelet does.</summary>
    private async Task ExpireAsync(string id, SpdyStream stream)
    {
        try { await Task.Delay(pairTimeout, stopping); }
        catch (OperationCanceledException) { return; }
        lock (_lock)
        {
            if (!_waiting.TryGetValue(id, out var pair) || (pair.Error != stream && pair.Data != stream)) return;
            _waiting.Remove(id);
        }
        if (Header(stream, StreamTypeHeader) == "error")
        {
            try
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes($"timed out waiting for the data stream of request {id}"), stopping);
                await stream.CloseWriteAsync(stopping);
                return;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException) { }
        }
        await stream.ResetAsync();
    }

    private static string? Header(SpdyStream stream, string name) =>
        stream.Headers.TryGetValue(name, out var value) ? value : null;

    private static int? Port(SpdyStream stream) =>
        int.TryParse(Header(stream, PortHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port : null;
}
