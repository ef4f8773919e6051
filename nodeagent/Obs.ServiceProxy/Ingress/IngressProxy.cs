using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.ServiceProxy.Balancing;
using Obs.ServiceProxy.Configuration;
using Obs.ServiceProxy.Listeners;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// The ingress half of the node agent's proxy: watches Ingresses, IngressClasses and <c>kubernetes.io/tls</c>
/// Secrets, and serves Obs's Ingresses on every node address at the HTTP and HTTPS ports, forwarding through
/// the service proxy's forwarder. The service proxy's apply loop applies it too (<see cref="ApplyAsync"/>),
/// after the service table, so one loop reads the same Services and EndpointSlices for both.
/// The ports are listened on only while some Ingress is served; a port that cannot be bound (taken, or below
/// 1024 without the capability) is logged and reported once (<see cref="IngressPortEvents"/>) and tried again at
/// every apply, as the service listeners are: the agent never fails for an ingress port.
/// </summary>
internal sealed class IngressProxy : IAsyncDisposable
{
    private const string TlsSecrets = "type=kubernetes.io/tls";

    private readonly Informer _ingresses;
    private readonly Informer _classes;
    private readonly Informer _secrets;
    private readonly IngressOptions _options;
    private readonly IReadOnlyList<IPAddress> _addresses;
    private readonly ListenerServices _services;
    private readonly EndpointPickers _pickers;
    private readonly SecretCertificates _secretCertificates = new();
    private readonly IngressPatterns _patterns = new();
    private readonly Lazy<SslStreamCertificateContext> _fallback = new(FallbackCertificate.Create);
    private readonly IngressHttpApplication _application;
    private readonly ILoggerFactory _loggers;
    private WebApplication? _tlsServices;
    private readonly Dictionary<ListenerKey, IngressListener> _running = [];
    private readonly Dictionary<ListenerKey, string> _failed = [];
    private readonly IngressPortEvents _portEvents;
    private volatile IngressTable _table;
    private IReadOnlyList<string> _problems = [];

    public IngressProxy(InformerFactory informers, IngressOptions options, ServiceProxyOptions proxyOptions, ListenerServices services, Action changed)
    {
        _options = options;
        _addresses = proxyOptions.NodeAddresses;
        _services = services;
        _pickers = new EndpointPickers(proxyOptions.TimeProvider);
        _loggers = services.Loggers;
        _portEvents = new IngressPortEvents(options.Report, options.Events, proxyOptions.NodeName);
        _table = IngressTable.Empty(new IngressCertificates(new Dictionary<string, SslStreamCertificateContext>(), new Dictionary<string, SslStreamCertificateContext>(), _fallback));
        _application = new IngressHttpApplication(() => _table, services.Http, services.Metrics, options.HttpsPort is int https and > 0 and <= 65535 ? https : null);
        _ingresses = informers.For(ResourceTypes.Ingress);
        _classes = informers.For(ResourceTypes.IngressClass);
        _secrets = informers.For(ResourceTypes.Secret, new InformerOptions { FieldSelector = TlsSecrets });
        var wake = new InformerHandler(_ => changed(), (_, _) => changed(), _ => changed());
        _ingresses.AddHandler(wake);
        _classes.AddHandler(wake);
        _secrets.AddHandler(wake);
    }

    public IngressTable Table => _table;

    public IReadOnlyCollection<IngressListener> Running => _running.Values;

    /// <summary>Ingress ports wanted but not bound, with the reason.</summary>
    public IReadOnlyDictionary<ListenerKey, string> Failed => _failed;

    /// <summary>True once Ingresses, IngressClasses and Secrets have been listed: before that the table would serve nothing for no reason.</summary>
    public bool HasSynced => _ingresses.HasSynced && _classes.HasSynced && _secrets.HasSynced;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.WhenAll(
        _ingresses.WaitForSyncAsync(cancellationToken), _classes.WaitForSyncAsync(cancellationToken), _secrets.WaitForSyncAsync(cancellationToken));

    /// <summary>
    /// Whether the services Kestrel's TLS needs have been made: only for the first HTTPS port, so an agent that serves
    /// no Ingress does not carry them (an ASP.NET Core host: most of what the ingress would add to an idle agent's memory).
    /// </summary>
    public bool TlsPrepared => _tlsServices is not null;

    public async Task ApplyAsync(Func<string, string, JsonObject?> serviceOf, Func<string, string, IEnumerable<JsonObject>> slicesOf, CancellationToken cancellationToken)
    {
        var table = IngressTableBuilder.Build(_ingresses.Lister.List(), _classes.Lister.List(), serviceOf, slicesOf,
            (ns, name) => _secrets.Lister.Get(ns, name), _pickers, _secretCertificates, _fallback, _patterns);
        _table = table;
        // Said once per problem, not at every apply.
        foreach (var problem in table.Problems.Except(_problems)) IngressLog.Problem(_services.Logger, problem);
        _problems = table.Problems;

        var wanted = table.Ingresses == 0 ? [] : Wanted();
        foreach (var listener in _running.Values.Where(l => !wanted.ContainsKey(l.Key)).ToList())
        {
            _running.Remove(listener.Key);
            await listener.DisposeAsync();
            ServiceProxyLog.Stopped(_services.Logger, listener.Key.ToString());
        }
        var failedBefore = new Dictionary<ListenerKey, string>(_failed);
        _failed.Clear();
        var newlyFailed = new List<(ListenerKey, bool, string)>();
        var recovered = new List<(ListenerKey, bool)>();
        foreach (var (key, tls) in wanted)
        {
            if (_running.ContainsKey(key)) continue;
            var listener = new IngressListener(key, tls, () => _table, _application, _services, tls ? TlsServices() : null);
            try
            {
                await listener.StartAsync(cancellationToken);
                _running[key] = listener;
                ServiceProxyLog.Listening(_services.Logger, key.ToString(), "ingress", tls ? "https" : "http");
                if (failedBefore.ContainsKey(key)) recovered.Add((key, tls));
            }
            catch (Exception e) when (e is IOException or SocketException or AddressInUseException or InvalidOperationException)
            {
                await listener.DisposeAsync();
                _failed[key] = BindError(e);
                if (failedBefore.ContainsKey(key)) continue;
                ServiceProxyLog.BindFailed(_services.Logger, key.ToString(), "ingress", e.Message);
                newlyFailed.Add((key, tls, _failed[key]));
            }
        }
        _portEvents.Report(newlyFailed, recovered);
    }

    /// <summary>
    /// What Kestrel's TLS middleware resolves (its metrics come from the application services, which only Kestrel's own
    /// registrations provide): an empty, never started host supplies them and the agent's loggers, made for the first
    /// HTTPS port and kept for the next ones.
    /// </summary>
    private IServiceProvider TlsServices()
    {
        if (_tlsServices is null)
        {
            var tlsHost = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            tlsHost.WebHost.UseKestrelCore();
            tlsHost.Services.AddSingleton(_loggers);
            _tlsServices = tlsHost.Build();
        }
        return _tlsServices.Services;
    }

    /// <summary>Why a port could not be bound, in the words of the socket error when there is one (Kestrel wraps it).</summary>
    private static string BindError(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket) return socket.SocketErrorCode == SocketError.AddressAlreadyInUse ? "address already in use" : socket.Message;
        }
        return e.Message;
    }

    private Dictionary<ListenerKey, bool> Wanted()
    {
        var wanted = new Dictionary<ListenerKey, bool>();
        foreach (var address in _addresses.Distinct())
        {
            if (_options.HttpPort is int http and > 0 and <= 65535) wanted.TryAdd(new ListenerKey(address, http, false), false);
            if (_options.HttpsPort is int https and > 0 and <= 65535) wanted.TryAdd(new ListenerKey(address, https, false), true);
        }
        return wanted;
    }

    /// <summary>Stops every ingress port (the proxy's loop is ending).</summary>
    public async Task StopAsync()
    {
        var all = _running.Values.ToList();
        _running.Clear();
        await Task.WhenAll(all.Select(l => l.DisposeAsync().AsTask()));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_tlsServices is not null) await _tlsServices.DisposeAsync();
        await _portEvents.DisposeAsync();
    }
}
