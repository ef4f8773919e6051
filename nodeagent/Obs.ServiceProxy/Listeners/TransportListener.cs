using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Obs.ServiceProxy.Configuration;

namespace Obs.ServiceProxy.Listeners;

/// <summary>
/// A plain TCP or HTTP/1.1 service address served straight from the socket transport: each accepted connection
/// goes to its connection-level forwarder, on the thread pool, as Kestrel dispatched it. These ports never used
/// Kestrel's HTTP, and a Kestrel server per address costs a timer thread of its own (its heartbeat) and loads
/// Kestrel's core into an agent whose only service is <c>kubernetes</c>; HTTP/2 ports keep a
/// <see cref="KestrelListener"/>. Stopping aborts the open connections rather than draining them, as
/// <see cref="KestrelServers.StopNowAsync"/> does.
/// </summary>
internal sealed class TransportListener(ListenerKey key, ProxyProtocol protocol, ServicePortTarget target, ListenerServices services) : IProxyListener
{
    private readonly ConcurrentDictionary<ConnectionContext, Task> _connections = new();
    private volatile ServicePortTarget _target = target;
    private IConnectionListener? _listener;
    private Task _accepting = Task.CompletedTask;

    public ListenerKey Key { get; } = key;

    public ProxyProtocol Protocol { get; } = protocol;

    public ServicePortTarget Target
    {
        get => _target;
        set => _target = value;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = await services.ServiceTransport.BindAsync(Key.EndPoint, cancellationToken);
        _accepting = AcceptAsync(_listener);
    }

    private async Task AcceptAsync(IConnectionListener listener)
    {
        // Null once unbound: the transport ends the loop itself, and retries its own transient accept errors.
        while (await listener.AcceptAsync() is { } connection)
        {
            // Registered before it runs, so a stop that aborts everything registered cannot miss it.
            var serving = new Task<Task>(() => ServeAsync(connection));
            _connections[connection] = serving.Unwrap();
            serving.Start(TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(ConnectionContext connection)
    {
        try
        {
            if (Protocol == ProxyProtocol.Http1) await services.Http1.HandleAsync(connection, () => _target);
            else await services.Tcp.HandleAsync(connection, _target);
        }
        catch (Exception e)
        {
            ServiceProxyLog.ConnectionFailed(services.Logger, _target.ToString(), connection.RemoteEndPoint?.ToString() ?? "", e);
        }
        finally
        {
            // Flushes what the forwarder wrote and closes the socket.
            await connection.DisposeAsync();
            _connections.TryRemove(connection, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _listener, null) is not { } listener) return;
        await listener.UnbindAsync();
        await _accepting;
        // The service port is gone or changed: its connections end now rather than drain.
        foreach (var connection in _connections.Keys) connection.Abort(new ConnectionAbortedException($"{Key} is no longer served"));
        // Their sockets are shut; the forwarders end in a moment. As Kestrel does, the stop waits a second at most for
        // them, so that a forwarder stuck on its endpoint cannot hold up the proxy's apply loop.
        try
        {
            await Task.WhenAll(_connections.Values).WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
        }
        await listener.DisposeAsync();
    }
}
