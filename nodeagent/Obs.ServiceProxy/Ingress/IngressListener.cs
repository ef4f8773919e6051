using System.Net.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Obs.ServiceProxy.Configuration;
using Obs.ServiceProxy.Listeners;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// One ingress port on one node address, a Kestrel server of its own like the service listeners. The HTTP
/// port speaks HTTP/1.1 only: Kestrel (10.0) serves a cleartext HTTP/1.1-and-HTTP/2 endpoint as HTTP/1.1, without
/// looking for the prior-knowledge h2c preface, and an HTTP/2-only port would refuse every HTTP/1.1 client. The HTTPS port picks its certificate per connection from the SNI name through the
/// current table (Kestrel's TLS handshake callback, so a certificate's chain is sent too and a renewed
/// Secret serves from the next handshake on) and speaks HTTP/1.1 or HTTP/2 as ALPN settles; only it is given
/// <paramref name="tlsServices"/>, what Kestrel's TLS resolves.
/// </summary>
internal sealed class IngressListener(ListenerKey key, bool tls, Func<IngressTable> table, IngressHttpApplication application, ListenerServices services, IServiceProvider? tlsServices)
    : IAsyncDisposable
{
    private KestrelServer? _server;

    public ListenerKey Key { get; } = key;

    public bool Tls { get; } = tls;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = KestrelServers.Options(services, Key.EndPoint, listen =>
        {
            if (!Tls)
            {
                listen.Protocols = HttpProtocols.Http1;
                return;
            }
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(new TlsHandshakeCallbackOptions
            {
                OnConnection = context => ValueTask.FromResult(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = table().Certificates.Select(context.ClientHelloInfo.ServerName),
                }),
            });
        }, tlsServices);
        _server = await KestrelServers.StartAsync(options, services, application, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not { } server) return;
        _server = null;
        // No Ingress left, or the proxy stops: connections end now rather than drain.
        await KestrelServers.StopNowAsync(server);
    }
}
