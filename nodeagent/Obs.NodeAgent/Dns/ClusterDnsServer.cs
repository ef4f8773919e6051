using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Obs.NodeAgent.Dns;

/// <summary>
/// Serves DNS on one address over UDP and over TCP (length-prefixed, several queries per
/// connection), handing each query to a <see cref="DnsQueryHandler"/>. A query that fails in a way
/// the handler did not foresee is logged and dropped; the listeners keep running.
/// </summary>
public sealed class ClusterDnsServer : IAsyncDisposable
{
    private const int MaxUdpInFlight = 256;
    private readonly DnsQueryHandler _handler;
    private readonly TimeSpan _tcpIdleTimeout;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _udpInFlight = new(MaxUdpInFlight);
    private readonly Socket _udp;
    private readonly TcpListener _tcp;
    private Task _running = Task.CompletedTask;

    private ClusterDnsServer(DnsQueryHandler handler, Socket udp, TcpListener tcp, TimeSpan tcpIdleTimeout, ILogger logger)
    {
        _handler = handler;
        _udp = udp;
        _tcp = tcp;
        _tcpIdleTimeout = tcpIdleTimeout;
        _logger = logger;
    }

    /// <summary>The address and port served (UDP and TCP share the port).</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_udp.LocalEndPoint!;

    /// <summary>
    /// Binds UDP and TCP on <paramref name="address"/>:<paramref name="port"/>; port 0 picks one free for
    /// both. With <paramref name="sharePort"/> (and a fixed port) other processes of the same user may bind it too.
    /// </summary>
    public static ClusterDnsServer Start(IPAddress address, int port, DnsQueryHandler handler, TimeSpan tcpIdleTimeout, ILogger? logger = null, bool sharePort = false)
    {
        var share = sharePort && port != 0 && OperatingSystem.IsLinux();
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            TcpListener? tcp = null;
            try
            {
                if (share) ReusePort(udp);
                udp.Bind(new IPEndPoint(address, port));
                var bound = ((IPEndPoint)udp.LocalEndPoint!).Port;
                tcp = new TcpListener(address, bound);
                if (share) ReusePort(tcp.Server);
                tcp.Start();
                var server = new ClusterDnsServer(handler, udp, tcp, tcpIdleTimeout, logger ?? NullLogger.Instance);
                server._running = Task.WhenAll(
                    Task.Run(server.ServeUdpAsync, CancellationToken.None),
                    Task.Run(server.ServeTcpAsync, CancellationToken.None));
                return server;
            }
            catch (SocketException) when (port == 0 && attempt < 10)
            {
                // The UDP port was free but its TCP twin was not: pick again.
                tcp?.Dispose();
                udp.Dispose();
            }
            catch
            {
                tcp?.Dispose();
                udp.Dispose();
                throw;
            }
        }
    }

    private static void ReusePort(Socket socket)
    {
        const int SolSocket = 1;
        const int SoReusePort = 15;
        socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
    }

    private async Task ServeUdpAsync()
    {
        var token = _stop.Token;
        var buffer = new byte[ushort.MaxValue];
        EndPoint any = new IPEndPoint(_udp.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!token.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException e) when (!token.IsCancellationRequested)
            {
                // An ICMP "port unreachable" from an earlier reply surfaces here on some systems; keep serving.
                ClusterDnsLog.QueryFailed(_logger, DnsTransport.Udp, e);
                continue;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            var query = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            // Past the limit the query is dropped, as a busy server does; the client retries.
            if (!_udpInFlight.Wait(0)) continue;
            _ = AnswerUdpAsync(query, received.RemoteEndPoint, token);
        }
    }

    private async Task AnswerUdpAsync(byte[] query, EndPoint client, CancellationToken token)
    {
        try
        {
            var response = await _handler.HandleAsync(query, DnsTransport.Udp, token);
            if (response is not null) await _udp.SendToAsync(response, SocketFlags.None, client, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            ClusterDnsLog.QueryFailed(_logger, DnsTransport.Udp, e);
        }
        finally
        {
            _udpInFlight.Release();
        }
    }

    private async Task ServeTcpAsync()
    {
        var token = _stop.Token;
        var connections = new List<Task>();
        while (!token.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _tcp.AcceptTcpClientAsync(token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || token.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException)
            {
                continue;
            }
            connections.RemoveAll(c => c.IsCompleted);
            connections.Add(Task.Run(() => ServeConnectionAsync(client, token), CancellationToken.None));
        }
        await Task.WhenAll(connections);
    }

    private async Task ServeConnectionAsync(TcpClient client, CancellationToken token)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(token);
                idle.CancelAfter(_tcpIdleTimeout);
                var query = await DnsTcpFraming.ReadAsync(stream, idle.Token);
                if (query is null) return;
                var response = await _handler.HandleAsync(query, DnsTransport.Tcp, token);
                // A query that is dropped over UDP closes the connection over TCP: there is nothing to say.
                if (response is null) return;
                await DnsTcpFraming.WriteAsync(stream, response, token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or EndOfStreamException or SocketException or ObjectDisposedException)
        {
            ClusterDnsLog.ConnectionEnded(_logger, e);
        }
        catch (Exception e)
        {
            ClusterDnsLog.QueryFailed(_logger, DnsTransport.Tcp, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _tcp.Stop();
        _udp.Dispose();
        try { await _running; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
