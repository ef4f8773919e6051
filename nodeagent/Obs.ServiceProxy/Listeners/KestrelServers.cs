using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Obs.ServiceProxy.Listeners;

/// <summary>How every proxy listener (service or ingress) makes, starts and stops its own small Kestrel server.</summary>
internal static class KestrelServers
{
    /// <summary>Options for one address whose <paramref name="listen"/> sets the protocols (and TLS, or a connection handler).</summary>
    /// <param name="applicationServices">What Kestrel resolves from; the listeners' small container unless the listener needs more (TLS).</param>
    public static KestrelServerOptions Options(ListenerServices services, System.Net.IPEndPoint endPoint, Action<ListenOptions> listen, IServiceProvider? applicationServices = null)
    {
        var options = new KestrelServerOptions
        {
            AddServerHeader = false,
            ApplicationServices = applicationServices ?? services.ApplicationServices,
        };
        // A proxy passes bodies of any size at any pace: limits belong to the backend.
        options.Limits.MaxRequestBodySize = null;
        options.Limits.MinRequestBodyDataRate = null;
        options.Limits.MinResponseDataRate = null;
        options.Listen(endPoint, listen);
        return options;
    }

    /// <summary>Binds and starts; throws (with nothing left running) when the address cannot be bound.</summary>
    /// <param name="transport">The sockets to listen with; <see cref="ListenerServices.Transport"/> when not given.</param>
    public static async Task<KestrelServer> StartAsync(KestrelServerOptions options, ListenerServices services, IHttpApplication<HttpContext> application, CancellationToken cancellationToken,
        Microsoft.AspNetCore.Connections.IConnectionListenerFactory? transport = null)
    {
        var server = new KestrelServer(Microsoft.Extensions.Options.Options.Create(options), transport ?? services.Transport, services.Loggers);
        try
        {
            await server.StartAsync(application, cancellationToken);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary>Stops at once: the address is no longer wanted, so its connections end now rather than drain.</summary>
    public static async Task StopNowAsync(KestrelServer server)
    {
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        try
        {
            await server.StopAsync(now.Token);
        }
        catch (OperationCanceledException)
        {
        }
        server.Dispose();
    }
}
