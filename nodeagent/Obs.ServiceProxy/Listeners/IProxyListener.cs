using Obs.ServiceProxy.Configuration;

namespace Obs.ServiceProxy.Listeners;

/// <summary>One address:port the proxy listens on, bound to one service port that can be swapped while it runs.</summary>
internal interface IProxyListener : IAsyncDisposable
{
    ListenerKey Key { get; }

    /// <summary>Fixed for the listener's life: a port whose protocol changes gets a new listener.</summary>
    ProxyProtocol Protocol { get; }

    ServicePortTarget Target { get; set; }

    /// <summary>Binds and starts accepting; throws when the address cannot be bound.</summary>
    Task StartAsync(CancellationToken cancellationToken);
}
