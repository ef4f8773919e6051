using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Obs.ServiceProxy.Configuration;
using Obs.ServiceProxy.Metrics;

namespace Obs.ServiceProxy.Forwarding;

/// <summary>
/// Plain TCP for a Kestrel connection: connect to an endpoint (another one once if the first refuses),
/// then pipe bytes both ways until either side is done. With no ready endpoint the client's connection
/// is closed at once. A client's end of sending reaches the endpoint as a half-close, so request/response
/// protocols that read to the end still work.
/// </summary>
internal sealed class TcpForwarder(ProxyMetrics metrics, TimeSpan connectTimeout, ILogger logger)
{
    public async Task HandleAsync(ConnectionContext connection, ServicePortTarget target)
    {
        var clientAddress = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        var socket = await ConnectAsync(target, clientAddress, connection.ConnectionClosed);
        if (socket is null)
        {
            metrics.TcpFailed(target);
            connection.Abort(new ConnectionAbortedException($"no reachable endpoint for service {target}"));
            return;
        }

        metrics.TcpOpened(target);
        var started = Stopwatch.GetTimestamp();
        using (socket)
        {
            using var stop = new CancellationTokenSource();
            var up = ClientToEndpointAsync(connection.Transport.Input, socket, target, stop.Token);
            var down = EndpointToClientAsync(socket, connection.Transport.Output, target, stop.Token);
            var first = await Task.WhenAny(up, down);
            if (first == down)
            {
                // The endpoint is done: nothing more the client sends can be answered.
                await stop.CancelAsync();
                connection.Transport.Input.CancelPendingRead();
            }
            await Task.WhenAll(up, down);
        }
        metrics.TcpClosed(target, Stopwatch.GetElapsedTime(started));
    }

    private async Task<Socket?> ConnectAsync(ServicePortTarget target, IPAddress? client, CancellationToken closed)
    {
        IPEndPoint? failed = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var endpoint = target.Picker.Pick(client, failed);
            if (endpoint is null || endpoint.Equals(failed)) return null;
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(closed);
            timeout.CancelAfter(connectTimeout);
            try
            {
                await socket.ConnectAsync(endpoint, timeout.Token);
                return socket;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                ServiceProxyLog.BackendFailed(logger, target.ToString(), endpoint.ToString(), e);
                if (closed.IsCancellationRequested) return null;
                failed = endpoint;
            }
        }
        return null;
    }

    private async Task ClientToEndpointAsync(PipeReader input, Socket socket, ServicePortTarget target, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken);
                if (result.IsCanceled) break;
                foreach (var segment in result.Buffer)
                {
                    var sent = 0;
                    while (sent < segment.Length) sent += await socket.SendAsync(segment[sent..], SocketFlags.None, cancellationToken);
                    metrics.TcpReceived(target, segment.Length);
                }
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted) break;
            }
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ConnectionResetException or ObjectDisposedException)
        {
            // The client's connection was aborted (its listener stopped) or reset, or the endpoint's send failed: not a
            // half-close, so nothing more will be relayed either way. Closing the endpoint's socket ends the other
            // direction's read, which would otherwise wait for as long as the endpoint keeps the connection open.
            socket.Dispose();
        }
        finally
        {
            await input.CompleteAsync();
        }
    }

    private async Task EndpointToClientAsync(Socket socket, PipeWriter output, ServicePortTarget target, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var memory = output.GetMemory(16 * 1024);
                var read = await socket.ReceiveAsync(memory, SocketFlags.None, cancellationToken);
                if (read == 0) break;
                output.Advance(read);
                metrics.TcpSent(target, read);
                var flushed = await output.FlushAsync(cancellationToken);
                if (flushed.IsCompleted || flushed.IsCanceled) break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ConnectionResetException or ObjectDisposedException)
        {
        }
        finally
        {
            await output.CompleteAsync();
        }
    }
}
