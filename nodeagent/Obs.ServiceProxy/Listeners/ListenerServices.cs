using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Obs.ServiceProxy.Forwarding;
using Obs.ServiceProxy.Http1;
using Obs.ServiceProxy.Metrics;

namespace Obs.ServiceProxy.Listeners;

/// <summary>What every listener shares: the socket transport, the forwarders, metrics, logging and clock.</summary>
internal sealed class ListenerServices : IDisposable
{
    private readonly Lazy<ServiceProvider> _applicationServices;

    public ListenerServices(ServiceProxyOptions options, ILoggerFactory loggers, ProxyMetrics metrics, HttpMessageInvoker client)
    {
        Options = options;
        Loggers = loggers;
        Metrics = metrics;
        Transport = new SocketTransportFactory(Microsoft.Extensions.Options.Options.Create(new SocketTransportOptions()), loggers);
        // Service ports run no TLS handshakes and no blocking code, so their continuations may run on the socket's own
        // thread instead of hopping to the thread pool at every read: a proxy spends much of its time in those hops.
        // Reads go straight into a buffer rather than waiting for data with an empty read first: one system call per
        // read instead of two, for a pooled block held by each idle connection.
        ServiceTransport = new SocketTransportFactory(Microsoft.Extensions.Options.Options.Create(new SocketTransportOptions
        {
            UnsafePreferInlineScheduling = true,
            WaitForDataBeforeAllocatingBuffer = false,
        }), loggers);
        // Kestrel asks its options for ApplicationServices; a tiny container with logging is all it needs, made for
        // the first Kestrel server (an HTTP/2 service port or an ingress port), which most agents never start.
        _applicationServices = new(() => new ServiceCollection().AddSingleton(loggers).AddSingleton(typeof(ILogger<>), typeof(Logger<>)).BuildServiceProvider());
        var logger = loggers.CreateLogger("Obs.ServiceProxy");
        Http = new HttpForwarder(client, metrics, logger);
        Tcp = new TcpForwarder(metrics, options.ConnectTimeout, logger);
        Http1 = new Http1Forwarder(metrics, options.ConnectTimeout, options.KeepAliveTimeout, logger);
        Logger = logger;
    }

    public ServiceProxyOptions Options { get; }

    public ILoggerFactory Loggers { get; }

    public ILogger Logger { get; }

    public ProxyMetrics Metrics { get; }

    /// <summary>The sockets of the ingress ports (TLS handshakes among them).</summary>
    public IConnectionListenerFactory Transport { get; }

    /// <summary>The sockets of service ports, continuations run inline: <see cref="TransportListener"/> accepts on it directly.</summary>
    public IConnectionListenerFactory ServiceTransport { get; }

    public ServiceProvider ApplicationServices => _applicationServices.Value;

    public HttpForwarder Http { get; }

    public TcpForwarder Tcp { get; }

    /// <summary>HTTP/1.1 service ports, per connection (ingress ports route per request, so they keep <see cref="Http"/>).</summary>
    public Http1Forwarder Http1 { get; }

    public void Dispose()
    {
        Http1.Dispose();
        if (_applicationServices.IsValueCreated) _applicationServices.Value.Dispose();
    }
}
