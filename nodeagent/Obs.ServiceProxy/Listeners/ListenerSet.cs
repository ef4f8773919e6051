using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Obs.ServiceProxy.Configuration;

namespace Obs.ServiceProxy.Listeners;

/// <summary>
/// The running listeners, brought in line with each <see cref="ProxyTable"/>: listeners no longer wanted
/// (or whose protocol changed) stop, new ones start, the rest just take their new target — so an
/// endpoint change never touches a socket. Addresses that cannot be bound (taken by someone else) are
/// remembered and tried again on the next apply. Used by one applying loop at a time.
/// </summary>
internal sealed class ListenerSet(ListenerServices services) : IAsyncDisposable
{
    private readonly Dictionary<ListenerKey, IProxyListener> _running = [];
    private readonly Dictionary<ListenerKey, string> _failed = [];

    public IReadOnlyDictionary<ListenerKey, IProxyListener> Running => _running;

    /// <summary>Listeners wanted but not bound, with the reason.</summary>
    public IReadOnlyDictionary<ListenerKey, string> Failed => _failed;

    public async Task ApplyAsync(ProxyTable table, CancellationToken cancellationToken)
    {
        var stopping = _running.Values
            .Where(l => !table.Listeners.TryGetValue(l.Key, out var target) || target.Protocol != l.Protocol)
            .ToList();
        foreach (var listener in stopping) _running.Remove(listener.Key);
        await Task.WhenAll(stopping.Select(async l =>
        {
            await l.DisposeAsync();
            ServiceProxyLog.Stopped(services.Logger, l.Key.ToString());
        }));

        var failedBefore = new Dictionary<ListenerKey, string>(_failed);
        _failed.Clear();
        foreach (var (key, target) in table.Listeners)
        {
            if (_running.TryGetValue(key, out var running))
            {
                running.Target = target;
                continue;
            }
            IProxyListener listener = target.Protocol switch
            {
                ProxyProtocol.Udp => new UdpRelay(key, target, services.Metrics, services.Options.UdpIdleTimeout, services.Options.TimeProvider, services.Logger),
                ProxyProtocol.Http2 => new KestrelListener(key, target, services),
                _ => new TransportListener(key, target.Protocol, target, services),
            };
            try
            {
                await listener.StartAsync(cancellationToken);
                _running[key] = listener;
                ServiceProxyLog.Listening(services.Logger, key.ToString(), target.ToString(), target.Protocol.ToString());
            }
            catch (Exception e) when (e is IOException or SocketException or AddressInUseException or InvalidOperationException)
            {
                await listener.DisposeAsync();
                _failed[key] = e.Message;
                // Retried every few seconds: say so once, not at every retry.
                if (!failedBefore.ContainsKey(key)) ServiceProxyLog.BindFailed(services.Logger, key.ToString(), target.ToString(), e.Message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        var all = _running.Values.ToList();
        _running.Clear();
        await Task.WhenAll(all.Select(l => l.DisposeAsync().AsTask()));
    }
}
