using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Obs.ServiceProxy.Configuration;
using Obs.ServiceProxy.Metrics;

namespace Obs.ServiceProxy.Listeners;

/// <summary>
/// A UDP service port: datagrams from each client address go to one endpoint (picked at the client's
/// first datagram, so affinity and round robin apply per flow) over a socket of that client's own, and the
/// endpoint's replies return from the service address. A flow quiet for the idle timeout is forgotten.
/// With no ready endpoint, datagrams are dropped (and counted).
/// </summary>
internal sealed class UdpRelay(ListenerKey key, ServicePortTarget target, ProxyMetrics metrics, TimeSpan idleTimeout, TimeProvider time, ILogger logger)
    : IProxyListener
{
    private const int MaxDatagram = 65535;

    private readonly ConcurrentDictionary<IPEndPoint, UdpSession> _sessions = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile ServicePortTarget _target = target;
    private Socket? _socket;
    private Task _receiving = Task.CompletedTask;
    private ITimer? _sweeper;

    public ListenerKey Key { get; } = key;

    public ProxyProtocol Protocol => ProxyProtocol.Udp;

    public ServicePortTarget Target
    {
        get => _target;
        set => _target = value;
    }

    public int SessionCount => _sessions.Count;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(Key.Address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(Key.EndPoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        _receiving = Task.Run(() => ReceiveAsync(socket, _stop.Token), CancellationToken.None);
        var period = idleTimeout / 2 > TimeSpan.FromMilliseconds(50) ? idleTimeout / 2 : TimeSpan.FromMilliseconds(50);
        _sweeper = time.CreateTimer(_ => Sweep(), null, period, period);
        return Task.CompletedTask;
    }

    private async Task ReceiveAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxDatagram];
        EndPoint any = new IPEndPoint(Key.Address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error for an earlier datagram surfaces here on some systems; the socket is still good.
                continue;
            }
            var target = _target;
            var client = (IPEndPoint)received.RemoteEndPoint;
            metrics.UdpReceived(target);
            var session = SessionFor(client, target, socket);
            if (session is null)
            {
                metrics.UdpDropped(target);
                continue;
            }
            session.Touch(time.GetTimestamp());
            try
            {
                await session.Socket.SendAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, cancellationToken);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                metrics.UdpDropped(target);
                End(session, e);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private UdpSession? SessionFor(IPEndPoint client, ServicePortTarget target, Socket listener)
    {
        if (_sessions.TryGetValue(client, out var existing))
        {
            // An endpoint that left the service takes its flows with it.
            if (target.Picker.Endpoints.Contains(existing.EndPoint)) return existing;
            End(existing, null);
        }
        var endpoint = target.Picker.Pick(client.Address);
        if (endpoint is null) return null;
        var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Connect(endpoint);
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
        var session = new UdpSession(client, endpoint, socket, time.GetTimestamp());
        _sessions[client] = session;
        _ = Task.Run(() => RelayRepliesAsync(session, listener, _stop.Token), CancellationToken.None);
        return session;
    }

    private async Task RelayRepliesAsync(UdpSession session, Socket listener, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxDatagram];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var read = await session.Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                session.Touch(time.GetTimestamp());
                await listener.SendToAsync(buffer.AsMemory(0, read), SocketFlags.None, session.Client, cancellationToken);
                metrics.UdpSent(_target);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException e)
        {
            // A connected UDP socket hears "connection refused" when the endpoint has no listener.
            End(session, e);
        }
    }

    private void Sweep()
    {
        var now = time.GetTimestamp();
        foreach (var session in _sessions.Values)
        {
            if (time.GetElapsedTime(session.LastActive, now) > idleTimeout) End(session, null);
        }
    }

    private void End(UdpSession session, Exception? error)
    {
        if (_sessions.TryRemove(KeyValuePair.Create(session.Client, session)) && error is not null)
        {
            ServiceProxyLog.UdpSessionFailed(logger, _target.ToString(), session.Client.ToString(), error);
        }
        session.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _sweeper?.Dispose();
        _socket?.Dispose();
        try
        {
            await _receiving;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        foreach (var session in _sessions.Values) End(session, null);
        _stop.Dispose();
    }
}
