using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Obs.Forwarding;
using Obs.ServiceProxy.Configuration;

namespace Obs.ServiceProxy.Http1;

/// <summary>
/// One client connection of an HTTP/1.1 service port and the endpoint connection paired with it. The request side
/// (this task) reads the client's messages, picks and connects the endpoint at the first request and writes each
/// head rewritten and each body as it came; the response side (a second task) reads the endpoint's responses in
/// the same order, writes them to the client and records each exchange. The endpoint is picked again only at a
/// message boundary with nothing in flight: when it left the ready set. After a 101 (or a 2xx to CONNECT) both
/// sides copy bytes until either end closes.
/// </summary>
internal sealed class Http1Connection(Http1Forwarder forwarder, ConnectionContext client, Func<ServicePortTarget> target)
{
    /// <summary>Kestrel's default limit for a request head; the same for responses.</summary>
    private const int MaxHeadBytes = 32 * 1024;

    private readonly IPAddress? _clientAddress = (client.RemoteEndPoint as IPEndPoint)?.Address;
    private readonly Queue<Exchange> _pending = new();
    private readonly HeaderList _requestFields = new();
    private readonly HeaderList _responseFields = new();
    private byte[]? _clientAddressBytes;
    private byte[]? _requestScratch;
    private byte[]? _responseScratch;
    private ConnectionContext? _backend;
    private IPEndPoint? _endpoint;
    private IReadOnlyList<IPEndPoint>? _endpointsSeen;
    private Task _responses = Task.CompletedTask;

    /// <summary>Ends the client's read when it stays idle past the keep-alive timeout (Kestrel did this before; a connection handler must).</summary>
    private Timer? _idle;

    /// <summary>
    /// When the connection last became idle (a <see cref="Stopwatch"/> timestamp), 0 while a read has just returned.
    /// The timer is armed once and, when it fires early, re-armed for what is left: moving a timer costs a lock in the
    /// runtime's timer queue, too much to pay twice for every request.
    /// </summary>
    private long _idleSince;

    /// <summary>The idle timer is set to fire (guarded by <see cref="_pending"/>).</summary>
    private bool _idleArmed;

    /// <summary>The request side is inside a request body or tunnelling after an upgrade: the connection is not idle, whatever the responses do.</summary>
    private volatile bool _requestSideBusy;
    private volatile bool _requestsEnded;
    private volatile bool _detaching;
    private volatile bool _closed;
    private volatile bool _clientGone;
    private volatile bool _abandoned;

    /// <summary>The endpoint closed its idle connection: the next request connects again (and may go elsewhere).</summary>
    private volatile bool _backendGone;
    private bool _tunnelFromClientDone;

    /// <summary>The status of the response being passed on (0 before its head): what an exchange cut short is recorded with.</summary>
    private int _responseStatus;

    /// <summary>The labels of the last exchange the response side recorded (only it uses them).</summary>
    private RequestTagsCache _responseTags;

    public async Task RunAsync()
    {
        _idle = new Timer(static state => ((Http1Connection)state!).IdleExpired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        try
        {
            await RequestsAsync();
        }
        catch (Exception e) when (IsConnectionError(e))
        {
            _clientGone = true;
        }
        finally
        {
            lock (_pending) _requestsEnded = true;
            if (_clientGone)
            {
                // As Kestrel aborts a request whose client went away, the exchanges in flight are abandoned (499).
                _abandoned = true;
                _backend?.Transport.Input.CancelPendingRead();
            }
            else if (_backend is not null && !_tunnelFromClientDone)
            {
                WakeResponsesWhenIdle();
            }
            await _responses;
            // After the response side, which arms it when its last exchange completes.
            _idle.Dispose();
            await DetachAsync();
            RecordUnanswered(_clientGone ? 499 : 502);
        }
    }

    private async Task RequestsAsync()
    {
        var input = client.Transport.Input;
        var body = BodyFraming.Empty;
        var chunked = default(ChunkedBodyScanner);
        var inBody = false;
        Exchange current = default;
        while (!_closed)
        {
            _requestSideBusy = inBody;
            bool idle;
            lock (_pending) idle = !inBody && _pending.Count == 0;
            if (idle) ArmIdleTimer();
            var result = await input.ReadAsync();
            Volatile.Write(ref _idleSince, 0);
            var buffer = result.Buffer;
            if (_closed || (result.IsCanceled && buffer.IsEmpty)) break;
            var examined = buffer.End;
            var stop = false;
            while (!buffer.IsEmpty && !stop)
            {
                if (!inBody)
                {
                    var headLength = HeadLength(buffer);
                    if (headLength < 0)
                    {
                        if (buffer.Length <= MaxHeadBytes) break;
                        await RefuseAsync(431, "Request Header Fields Too Large", "request head too large");
                        return;
                    }
                    if (!TryParseRequest(buffer.Slice(0, headLength), out var request, out var error))
                    {
                        await RefuseAsync(400, "Bad Request", error);
                        return;
                    }
                    var now = target();
                    current = new Exchange(now, request.Method, Route(now, buffer, request), Stopwatch.GetTimestamp(), request.IsHead, request.IsConnect, request.KeepAlive,
                        request.Upgrade || request.IsConnect ? new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously) : null);
                    if (!await SendToBackendAsync(current)) return;
                    WriteRequestHead(buffer.Slice(0, headLength), request);
                    buffer = buffer.Slice(headLength);
                    body = request.Framing;
                    chunked = default;
                    inBody = body.Kind != BodyKind.None;
                }
                else
                {
                    var take = BodyBytes(buffer, ref body, ref chunked, out var complete);
                    if (chunked.IsInvalid)
                    {
                        // The head is already with the endpoint: the only honest answer left is to cut both connections.
                        Close();
                        return;
                    }
                    Write(_backend!.Transport.Output, buffer.Slice(0, take));
                    buffer = buffer.Slice(take);
                    inBody = !complete;
                }
                if (inBody) continue;

                // A whole request is with the endpoint.
                if (current.Switched is { } switched)
                {
                    await _backend!.Transport.Output.FlushAsync();
                    input.AdvanceTo(buffer.Start, buffer.Start);
                    if (await switched.Task)
                    {
                        _requestSideBusy = true;
                        await TunnelAsync(input);
                        return;
                    }
                    result = await input.ReadAsync();
                    buffer = result.Buffer;
                    examined = buffer.End;
                }
                // The client will close after this exchange: nothing it sends later is forwarded.
                stop = !current.KeepAlive;
            }
            if (_backend is not null)
            {
                var flushed = await _backend.Transport.Output.FlushAsync();
                if (flushed.IsCompleted) stop = true;
            }
            input.AdvanceTo(buffer.Start, examined);
            if (stop) break;
            if (result.IsCompleted)
            {
                _clientGone = true;
                break;
            }
        }
    }

    private bool TryParseRequest(ReadOnlySequence<byte> headBytes, out RequestHead request, out string error)
    {
        var head = Contiguous(headBytes, ref _requestScratch);
        error = Http1Parser.ParseRequest(head, _requestFields, out request) ?? "";
        return error.Length == 0;
    }

    private void WriteRequestHead(ReadOnlySequence<byte> headBytes, in RequestHead request)
    {
        _clientAddressBytes ??= Http1Forwarder.AddressBytes(_clientAddress);
        HeadWriter.WriteRequest(_backend!.Transport.Output, Contiguous(headBytes, ref _requestScratch), _requestFields, request, _clientAddressBytes);
    }

    private string? Route(ServicePortTarget now, ReadOnlySequence<byte> buffer, in RequestHead request)
    {
        if (now.Routes is null) return null;
        var target = buffer.Slice(request.TargetStart, request.TargetLength).ToArray().AsSpan();
        var query = target.IndexOf((byte)'?');
        return now.Routes.Match(System.Text.Encoding.ASCII.GetString(query < 0 ? target : target[..query]));
    }

    /// <summary>Queues the exchange for the response side of a live endpoint connection. False when the proxy answered itself.</summary>
    private async Task<bool> SendToBackendAsync(Exchange exchange)
    {
        while (true)
        {
            if (!await EnsureBackendAsync(exchange)) return false;
            lock (_pending)
            {
                // The endpoint may have closed its idle connection just now: then connect again rather than send into it.
                if (!_backendGone)
                {
                    _pending.Enqueue(exchange);
                    return true;
                }
            }
        }
    }

    /// <summary>
    /// Makes sure an endpoint connection is there for the request about to go: the first request picks and connects one
    /// (another once if it refuses: nothing was sent yet), and at a boundary with nothing in flight a connection whose
    /// endpoint is no longer ready moves to a ready one. False when the proxy answered itself and the connection ends.
    /// </summary>
    private async Task<bool> EnsureBackendAsync(Exchange exchange)
    {
        var picker = exchange.Target.Picker;
        var endpoints = picker.Endpoints;
        if (_backend is not null && _backendGone)
        {
            await DetachAsync();
        }
        else if (_backend is not null)
        {
            if (ReferenceEquals(endpoints, _endpointsSeen)) return true;
            _endpointsSeen = endpoints;
            bool idle;
            lock (_pending) idle = _pending.Count == 0;
            if (!idle || endpoints.Contains(_endpoint!)) return true;
            await DetachAsync();
        }

        IPEndPoint? failed = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var endpoint = picker.Pick(_clientAddress, failed);
            if (endpoint is null)
            {
                await AnswerAsync(exchange, 503, "Service Unavailable", $"no ready endpoints for service {exchange.Target}\n");
                return false;
            }
            if (endpoint.Equals(failed)) break;
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = new CancellationTokenSource(forwarder.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(endpoint, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                ServiceProxyLog.BackendFailed(forwarder.Logger, exchange.Target.ToString(), endpoint.ToString(), e);
                failed = endpoint;
                continue;
            }
            _backend = forwarder.Wrap(socket);
            _endpoint = endpoint;
            _endpointsSeen = endpoints;
            _responses = Task.Run(ResponsesAsync);
            return true;
        }
        await AnswerAsync(exchange, 502, "Bad Gateway", $"service {exchange.Target}: endpoint {failed} refused the connection\n");
        return false;
    }

    /// <summary>Ends the endpoint connection: at a boundary (to move to another endpoint) or when the client's connection ends.</summary>
    private async Task DetachAsync()
    {
        if (_backend is not { } backend) return;
        _detaching = true;
        backend.Transport.Input.CancelPendingRead();
        await _responses;
        _backend = null;
        _detaching = false;
        _backendGone = false;
        await backend.Transport.Output.CompleteAsync();
        await backend.Transport.Input.CompleteAsync();
        await backend.DisposeAsync();
    }

    /// <summary>The response side: one response per exchange in order, then the close or the tunnel.</summary>
    private async Task ResponsesAsync()
    {
        var input = _backend!.Transport.Input;
        var output = client.Transport.Output;
        var body = BodyFraming.Empty;
        var chunked = default(ChunkedBodyScanner);
        var inBody = false;
        var closeAfterBody = false;
        var close = false;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync();
                var buffer = result.Buffer;
                var examined = buffer.End;
                while (!buffer.IsEmpty && !close)
                {
                    if (!inBody)
                    {
                        if (!TryFront(out var exchange) || exchange.Local is not null)
                        {
                            // Bytes nobody asked for: the endpoint is not speaking HTTP in turn.
                            close = true;
                            break;
                        }
                        var headLength = HeadLength(buffer);
                        if (headLength < 0)
                        {
                            close = buffer.Length > MaxHeadBytes;
                            break;
                        }
                        var head = Contiguous(buffer.Slice(0, headLength), ref _responseScratch);
                        var error = Http1Parser.ParseResponse(head, _responseFields, exchange.IsHead, exchange.IsConnect, out var response);
                        if (error is not null)
                        {
                            ServiceProxyLog.BackendFailed(forwarder.Logger, exchange.Target.ToString(), _endpoint!.ToString(), new InvalidDataException(error));
                            close = true;
                            break;
                        }
                        var closing = !response.KeepAlive || !exchange.KeepAlive;
                        HeadWriter.WriteResponse(output, head, _responseFields, response, closing);
                        buffer = buffer.Slice(headLength);
                        if (response.Interim) continue;
                        _responseStatus = response.StatusCode;
                        if (response.SwitchesProtocol)
                        {
                            Write(output, buffer);
                            buffer = buffer.Slice(buffer.End);
                            exchange.Switched?.TrySetResult(true);
                            await output.FlushAsync();
                            input.AdvanceTo(buffer.End);
                            await TunnelBackAsync(input, output);
                            Complete(exchange);
                            close = true;
                            return;
                        }
                        body = response.Framing;
                        chunked = default;
                        inBody = body.Kind != BodyKind.None;
                        closeAfterBody = closing;
                        if (!inBody) close = Complete(exchange) || closing;
                    }
                    else
                    {
                        var take = BodyBytes(buffer, ref body, ref chunked, out var complete);
                        if (chunked.IsInvalid)
                        {
                            close = true;
                            break;
                        }
                        Write(output, buffer.Slice(0, take));
                        buffer = buffer.Slice(take);
                        if (complete)
                        {
                            inBody = false;
                            TryFront(out var exchange);
                            close = Complete(exchange) || closeAfterBody;
                        }
                    }
                }
                var flushed = await output.FlushAsync();
                input.AdvanceTo(buffer.Start, examined);
                if (flushed.IsCompleted) close = true;
                if (!inBody && !close && TryFront(out var front) && front.Local is not null)
                {
                    await output.WriteAsync(front.Local);
                    Complete(front);
                    close = true;
                }
                if (close) break;
                if (result.IsCompleted)
                {
                    if (!inBody)
                    {
                        // An idle connection the endpoint closed (its keep-alive timeout): the client's stays, and its next request connects again.
                        lock (_pending)
                        {
                            if (_pending.Count == 0 && !_requestsEnded)
                            {
                                _backendGone = true;
                                return;
                            }
                        }
                    }
                    // The endpoint closed: a body that runs to the close is complete, anything else was cut short.
                    if (inBody && body.Kind == BodyKind.UntilClose && TryFront(out var last)) Complete(last);
                    else if (!inBody && _responseStatus == 0 && TryFront(out var unanswered) && unanswered.Local is null) await BadGatewayAsync(unanswered);
                    close = true;
                    break;
                }
                if (result.IsCanceled && _abandoned)
                {
                    close = true;
                    break;
                }
                if (result.IsCanceled && _detaching) return;
                lock (_pending)
                {
                    if (_requestsEnded && _pending.Count == 0 && !inBody) close = true;
                }
                if (close) break;
            }
        }
        catch (Exception e) when (IsConnectionError(e))
        {
            close = true;
        }
        finally
        {
            if (close) Close();
        }
    }

    private async Task BadGatewayAsync(Exchange exchange)
    {
        var local = LocalResponse.Create(502, "Bad Gateway", $"service {exchange.Target}: endpoint {_endpoint} closed the connection\n");
        _responseStatus = 502;
        await client.Transport.Output.WriteAsync(local);
        Complete(exchange);
    }

    /// <summary>The connection is idle from now: the timeout counts from here (the timer is set unless it already is).</summary>
    private void ArmIdleTimer()
    {
        lock (_pending)
        {
            Volatile.Write(ref _idleSince, Stopwatch.GetTimestamp());
            if (_idleArmed || _idle is null) return;
            _idleArmed = true;
            _idle.Change(forwarder.KeepAliveTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// The timer fired: the client's pending read ends when the connection has been idle for the whole keep-alive timeout;
    /// when it became idle later the timer waits for the rest, and when it is busy the next idle moment sets it again.
    /// </summary>
    private void IdleExpired()
    {
        lock (_pending)
        {
            _idleArmed = false;
            var since = Volatile.Read(ref _idleSince);
            if (_pending.Count > 0 || _requestSideBusy || _requestsEnded || since == 0 || _idle is null) return;
            var left = forwarder.KeepAliveTimeout - Stopwatch.GetElapsedTime(since);
            if (left > TimeSpan.Zero)
            {
                _idleArmed = true;
                _idle.Change(left, Timeout.InfiniteTimeSpan);
                return;
            }
        }
        client.Transport.Input.CancelPendingRead();
    }

    /// <summary>Records the front exchange as done. True when the connection ends after it.</summary>
    private bool Complete(Exchange exchange)
    {
        bool idle;
        lock (_pending)
        {
            if (_pending.Count > 0) _pending.Dequeue();
            idle = _pending.Count == 0 && !_requestSideBusy;
        }
        if (idle) ArmIdleTimer();
        var status = _responseStatus;
        _responseStatus = 0;
        exchange.Switched?.TrySetResult(false);
        if (exchange.Local is null) forwarder.Metrics.RequestCompleted(_responseTags.For(exchange.Target, exchange.Method, status, exchange.Route), Stopwatch.GetElapsedTime(exchange.Started));
        return !exchange.KeepAlive;
    }

    private bool TryFront(out Exchange exchange)
    {
        lock (_pending) return _pending.TryPeek(out exchange);
    }

    /// <summary>Both connections end: the response side stops reading, the request side stops at its next read.</summary>
    private void Close()
    {
        _closed = true;
        client.Transport.Input.CancelPendingRead();
        client.Transport.Output.Complete();
    }

    /// <summary>Wakes an idle response side so that it sees the requests have ended; a busy one sees it after its last response.</summary>
    private void WakeResponsesWhenIdle()
    {
        lock (_pending)
        {
            if (_pending.Count > 0) return;
        }
        _backend?.Transport.Input.CancelPendingRead();
    }

    /// <summary>A malformed or oversized request: answered once every earlier response is out, then the connection closes.</summary>
    private async Task RefuseAsync(int status, string reason, string error)
    {
        var local = LocalResponse.Create(status, reason, error + "\n");
        if (_backend is null)
        {
            await client.Transport.Output.WriteAsync(local);
            Close();
            return;
        }
        lock (_pending) _pending.Enqueue(new Exchange(target(), "", null, 0, false, false, false, null, local));
        // Requests before it in the same read are still to go out; the response side then sees the answer at the front.
        await _backend.Transport.Output.FlushAsync();
        _backend.Transport.Input.CancelPendingRead();
    }

    /// <summary>An answer the proxy gives itself before any endpoint connection exists (503, 502); recorded like any response.</summary>
    private async Task AnswerAsync(Exchange exchange, int status, string reason, string body)
    {
        await client.Transport.Output.WriteAsync(LocalResponse.Create(status, reason, body));
        forwarder.Metrics.RequestCompleted(exchange.Target, exchange.Method, status, exchange.Route, Stopwatch.GetElapsedTime(exchange.Started));
        Close();
    }

    /// <summary>Client to endpoint after the switch; the client's end of sending reaches the endpoint as a half-close.</summary>
    private async Task TunnelAsync(PipeReader input)
    {
        await CopyAsync(input, _backend!.Transport.Output);
        _tunnelFromClientDone = true;
        await _backend.Transport.Output.CompleteAsync();
    }

    /// <summary>Endpoint to client after the switch, until the endpoint closes.</summary>
    private static async Task TunnelBackAsync(PipeReader input, PipeWriter output)
    {
        try
        {
            await CopyAsync(input, output);
        }
        catch (Exception e) when (IsConnectionError(e))
        {
        }
    }

    private static async Task CopyAsync(PipeReader input, PipeWriter output)
    {
        while (true)
        {
            var result = await input.ReadAsync();
            Write(output, result.Buffer);
            input.AdvanceTo(result.Buffer.End);
            var flushed = await output.FlushAsync();
            if (result.IsCompleted || result.IsCanceled || flushed.IsCompleted) return;
        }
    }

    /// <summary>Exchanges still waiting when the connection ends: cut short by the client (499) or the endpoint (502), or by the status already sent.</summary>
    private void RecordUnanswered(int status)
    {
        while (true)
        {
            Exchange exchange;
            lock (_pending)
            {
                if (!_pending.TryDequeue(out exchange)) return;
            }
            exchange.Switched?.TrySetResult(false);
            if (exchange.Local is not null) continue;
            var recorded = _responseStatus != 0 ? _responseStatus : status;
            _responseStatus = 0;
            forwarder.Metrics.RequestCompleted(exchange.Target, exchange.Method, recorded, exchange.Route, Stopwatch.GetElapsedTime(exchange.Started));
        }
    }

    /// <summary>How many bytes at the start of <paramref name="buffer"/> belong to the body; <paramref name="complete"/> when it ends there.</summary>
    private static int BodyBytes(ReadOnlySequence<byte> buffer, ref BodyFraming body, ref ChunkedBodyScanner chunked, out bool complete)
    {
        complete = false;
        switch (body.Kind)
        {
            case BodyKind.Length:
                var take = (int)Math.Min(body.Length, Math.Min(buffer.Length, int.MaxValue));
                body = body with { Length = body.Length - take };
                complete = body.Length == 0;
                return take;
            case BodyKind.Chunked:
                var taken = 0;
                foreach (var segment in buffer)
                {
                    var used = chunked.Scan(segment.Span);
                    taken += used;
                    if (chunked.IsDone || chunked.IsInvalid) break;
                }
                complete = chunked.IsDone;
                return taken;
            case BodyKind.UntilClose:
                return (int)Math.Min(buffer.Length, int.MaxValue);
            default:
                complete = true;
                return 0;
        }
    }

    /// <summary>The length of the head at the start of <paramref name="buffer"/> (through its empty line), or -1 while incomplete.</summary>
    private static int HeadLength(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            var end = buffer.FirstSpan.IndexOf("\r\n\r\n"u8);
            return end < 0 ? -1 : end + 4;
        }
        var reader = new SequenceReader<byte>(buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8) ? (int)reader.Consumed : -1;
    }

    /// <summary>The head as one span: the buffer's own memory when it is in one segment, else copied into <paramref name="scratch"/>.</summary>
    private static ReadOnlySpan<byte> Contiguous(ReadOnlySequence<byte> head, ref byte[]? scratch)
    {
        if (head.IsSingleSegment) return head.FirstSpan;
        if (scratch is null || scratch.Length < head.Length) scratch = new byte[Math.Max(4096, (int)head.Length)];
        head.CopyTo(scratch);
        return scratch.AsSpan(0, (int)head.Length);
    }

    private static void Write(PipeWriter output, ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes) output.Write(segment.Span);
    }

    private static bool IsConnectionError(Exception e) =>
        e is IOException or SocketException or ConnectionResetException or ConnectionAbortedException or ObjectDisposedException or OperationCanceledException or InvalidOperationException;
}
