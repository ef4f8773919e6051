using Microsoft.AspNetCore.Server.Kestrel.Core;
using Obs.ServiceProxy.Configuration;

namespace Obs.ServiceProxy.Listeners;

/// <summary>
/// A TCP service address served by a Kestrel server of its own. Kestrel cannot add or remove endpoints
/// while it runs, so each address:port is one small server that starts and stops alone, and other
/// services never notice. HTTP/2 (h2c) ports run Kestrel's HTTP/2 with the forwarder as the application;
/// HTTP/1.1 and plain TCP ports end the connection pipeline in their connection-level forwarders, so
/// Kestrel's HTTP parsing never runs for them.
/// </summary>
internal sealed class KestrelListener(ListenerKey key, ProxyProtocol protocol, ServicePortTarget target, ListenerServices services) : IProxyListener
{
    private volatile ServicePortTarget _target = target;
    private KestrelServer? _server;

    public ListenerKey Key { get; } = key;

    public ProxyProtocol Protocol { get; } = protocol;

    public ServicePortTarget Target
    {
        get => _target;
        set => _target = value;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = KestrelServers.Options(services, Key.EndPoint, listen =>
        {
            switch (Protocol)
            {
                case ProxyProtocol.Http1:
                    // Kestrel only accepts: the forwarder pairs each connection with one endpoint connection and follows the messages itself.
                    listen.Use(_ => connection => services.Http1.HandleAsync(connection, () => _target));
                    break;
                case ProxyProtocol.Http2:
                    listen.Protocols = HttpProtocols.Http2;
                    break;
                default:
                    listen.Use(_ => connection => services.Tcp.HandleAsync(connection, _target));
                    break;
            }
        });
        _server = await KestrelServers.StartAsync(options, services, new ProxyHttpApplication(this, services.Http), cancellationToken, services.ServiceTransport);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not { } server) return;
        _server = null;
        // The service port is gone or changed: its connections end now rather than drain.
        await KestrelServers.StopNowAsync(server);
    }
}
