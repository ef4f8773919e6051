using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Obs.ServiceProxy.Forwarding;
using Obs.ServiceProxy.Metrics;

namespace Obs.ServiceProxy.Listeners;

/// <summary>What every listener shares: the socket transport, the forwarders, metrics, logging and clock.</summary>
internal sealed class ListenerServices : IDisposable
{
    public ListenerServices(ServiceProxyOptions options, ILoggerFactory loggers, ProxyMetrics metrics, HttpMessageInvoker client)
    {
        Options = options;
        Loggers = loggers;
        Metrics = metrics;
        Transport = new SocketTransportFactory(Microsoft.Extensions.Options.Options.Create(new SocketTransportOptions()), loggers);
        // Kestrel asks its options for ApplicationServices; a tiny container with logging is all it needs.
        ApplicationServices = new ServiceCollection().AddSingleton(loggers).AddSingleton(typeof(ILogger<>), typeof(Logger<>)).BuildServiceProvider();
        var logger = loggers.CreateLogger("Obs.ServiceProxy");
        Http = new HttpForwarder(client, metrics, logger);
        Tcp = new TcpForwarder(metrics, options.ConnectTimeout, logger);
        Logger = logger;
    }

    public ServiceProxyOptions Options { get; }

    public ILoggerFactory Loggers { get; }

    public ILogger Logger { get; }

    public ProxyMetrics Metrics { get; }

    public IConnectionListenerFactory Transport { get; }

    public ServiceProvider ApplicationServices { get; }

    public HttpForwarder Http { get; }

    public TcpForwarder Tcp { get; }

    public void Dispose() => ApplicationServices.Dispose();
}
