using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Obs.ServiceProxy.Configuration;
using Obs.ServiceProxy.Metrics;

namespace Obs.ServiceProxy.Http1;

/// <summary>
/// HTTP/1.1 service ports, forwarded per connection as kube-proxy balances them: each client connection is paired
/// with one endpoint connection and the bytes are copied both ways, while a small parser follows the messages
/// to time each request for the RED histogram, add <c>X-Forwarded-*</c> and drop hop-by-hop fields. No HTTP
/// server or client sits in between, which is where the proxy's time used to go.
/// </summary>
internal sealed class Http1Forwarder(ProxyMetrics metrics, TimeSpan connectTimeout, TimeSpan keepAliveTimeout, ILogger logger) : IDisposable
{
    // Endpoint sockets get Kestrel's own socket pipes, continuations inline and reads without an empty read first, as on the service ports' side.
    private readonly SocketConnectionContextFactory _sockets = new(new SocketConnectionFactoryOptions { UnsafePreferInlineScheduling = true, WaitForDataBeforeAllocatingBuffer = false }, logger);

    public ProxyMetrics Metrics { get; } = metrics;

    public TimeSpan ConnectTimeout { get; } = connectTimeout;

    /// <summary>How long a client connection may wait with no request in progress before it is closed.</summary>
    public TimeSpan KeepAliveTimeout { get; } = keepAliveTimeout;

    public ILogger Logger { get; } = logger;

    public Task HandleAsync(ConnectionContext connection, Func<ServicePortTarget> target) =>
        new Http1Connection(this, connection, target).RunAsync();

    public ConnectionContext Wrap(System.Net.Sockets.Socket socket) => _sockets.Create(socket);

    public void Dispose() => _sockets.Dispose();

    /// <summary>The client's address as it goes into <c>X-Forwarded-For</c>.</summary>
    public static byte[] AddressBytes(IPAddress? address) => System.Text.Encoding.ASCII.GetBytes(address?.ToString() ?? "unknown");
}
