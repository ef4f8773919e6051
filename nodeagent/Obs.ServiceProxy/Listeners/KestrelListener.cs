using Microsoft.AspNetCore.Server.Kestrel.Core;
using Obs.ServiceProxy.Configuration;

namespace Obs.ServiceProxy.Listeners;

/// <summary>
/// An HTTP/2 (h2c) service address served by a Kestrel server of its own, running Kestrel's HTTP/2 with the
/// forwarder as the application. Kestrel cannot add or remove endpoints while it runs, so each address:port is
/// one small server that starts and stops alone, and other services never notice. (HTTP/1.1 and plain TCP ports
/// need no HTTP from Kestrel: <see cref="TransportListener"/>.)
/// </summary>
internal sealed class KestrelListener(ListenerKey key, ServicePortTarget target, ListenerServices services) : IProxyListener
{
    private volatile ServicePortTarget _target = target;
    private KestrelServer? _server;

    public ListenerKey Key { get; } = key;

    public ProxyProtocol Protocol => ProxyProtocol.Http2;

    public ServicePortTarget Target
    {
        get => _target;
        set => _target = value;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = KestrelServers.Options(services, Key.EndPoint, listen => listen.Protocols = HttpProtocols.Http2);
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
