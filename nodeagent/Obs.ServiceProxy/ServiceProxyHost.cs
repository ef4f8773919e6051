using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Exporter.Telemetry;
using Obs.ServiceProxy.Balancing;
using Obs.ServiceProxy.Configuration;
using Obs.ServiceProxy.Ingress;
using Obs.ServiceProxy.Listeners;
using Obs.ServiceProxy.Metrics;

namespace Obs.ServiceProxy;

/// <summary>
/// Obs's kube-proxy: watches Services and EndpointSlices through the shared informers and keeps a
/// listener on every cluster IP, node port and external IP of every service port, forwarding to the
/// port's ready endpoints. Any change only wakes the apply loop, which rebuilds the whole table from the
/// informer caches and brings the listeners in line (level-triggered: bursts of changes coalesce into one
/// apply). Request and connection metrics go to the <see cref="MeterName"/> meter; the listener counts to
/// <see cref="Collector"/>. (Named like <c>NodeAgentHost</c> and <c>ApiServerHost</c>; a class named after its
/// namespace could not be named from code under <c>Obs.*</c>.)
/// </summary>
public sealed class ServiceProxyHost : IAsyncDisposable
{
    public const string MeterName = "Obs.ServiceProxy";

    private const string ServiceIndex = "obs.proxy/service";
    private const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly InformerFactory _informers;
    private readonly Informer _services;
    private readonly Informer _slices;
    private readonly ServiceProxyOptions _options;
    private readonly ILogger _logger;
    private readonly ProxyMetrics _metrics;
    private readonly ListenerCollector _collector = new();
    private readonly HttpMessageInvoker _client;
    private readonly ListenerServices _listenerServices;
    private readonly ListenerSet _listeners;
    private readonly EndpointPickers _pickers;
    private readonly IngressProxy? _ingress;
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile IReadOnlyList<string> _serving = [];
    private volatile IReadOnlyDictionary<string, string> _failed = new Dictionary<string, string>();
    private volatile IReadOnlySet<string> _forwarding = new HashSet<string>();
    private long _applied;

    public ServiceProxyHost(InformerFactory informers, ServiceProxyOptions? options = null, ILoggerFactory? loggers = null)
    {
        _informers = informers;
        _options = options ?? new ServiceProxyOptions();
        loggers ??= NullLoggerFactory.Instance;
        _logger = loggers.CreateLogger("Obs.ServiceProxy");
        _services = informers.For(ResourceTypes.Service);
        _slices = informers.For(ResourceTypes.EndpointSlice, new InformerOptions
        {
            Indexers = new Dictionary<string, Func<JsonObject, IEnumerable<string>>>
            {
                [ServiceIndex] = slice => ObjectMeta.Label(slice, ServiceNameLabel) is { Length: > 0 } service
                    ? [ObjectKeys.Key(ObjectMeta.Namespace(slice), service)]
                    : [],
            },
        });
        var wake = new InformerHandler(_ => Changed(), (_, _) => Changed(), _ => Changed());
        _services.AddHandler(wake);
        _slices.AddHandler(wake);

        _metrics = new ProxyMetrics(_options.MeterName);
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = _options.ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            // The proxy is not a hop in anyone's trace: pass trace headers as they came, add none.
            ActivityHeadersPropagator = null,
        });
        _listenerServices = new ListenerServices(_options, loggers, _metrics, _client);
        _listeners = new ListenerSet(_listenerServices);
        _pickers = new EndpointPickers(_options.TimeProvider);
        if (_options.Ingress is { } ingress) _ingress = new IngressProxy(informers, ingress, _options, _listenerServices, Changed);
    }

    /// <summary>Scrape-time listener counts: register it with the agent's <see cref="MetricsRegistry"/>.</summary>
    public IMetricsCollector Collector => _collector;

    /// <summary>What is served, one line per listener (<c>127.77.0.10:80/TCP → default/web:http (Http1, 3 endpoints)</c>), as of the last apply.</summary>
    public IReadOnlyList<string> Serving => _serving;

    /// <summary>Listeners wanted but not bound, with the reason, as of the last apply.</summary>
    public IReadOnlyDictionary<string, string> FailedListeners => _failed;

    /// <summary>
    /// Whether this proxy holds a TCP listener on <paramref name="address"/>:<paramref name="port"/>
    /// for that service with somewhere to send it, as of the last apply (another process may hold
    /// the address instead, or the service may have no ready endpoint).
    /// </summary>
    public bool Forwards(IPAddress address, int port, string ns, string service) =>
        _forwarding.Contains(ForwardingKey(address, port, ns, service));

    private static string ForwardingKey(IPAddress address, int port, string ns, string service) => $"{address}:{port} {ns}/{service}";

    /// <summary>How many times the table has been applied: a caller that changed something can wait for this to move.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>The ingress routes as of the last apply, one line per path and default backend (<c>ns/web: a.example.com/api (Prefix) → ns/api:80 (2 endpoints)</c>).</summary>
    public IReadOnlyList<string> IngressRoutes => _ingress?.Table.Routes ?? [];

    /// <summary>Whether the ingress's informers have listed (false without an ingress).</summary>
    internal bool IngressSynced => _ingress?.HasSynced == true;

    /// <summary>Whether the ingress has made what its HTTPS port needs: not before some Ingress is served.</summary>
    internal bool IngressTlsPrepared => _ingress?.TlsPrepared == true;

    /// <summary>Starts the informers (if the agent has not), waits for their first lists, then applies every change until cancelled; stops all listeners on the way out.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _informers.Start(cancellationToken);
        try
        {
            await _services.WaitForSyncAsync(cancellationToken);
            await _slices.WaitForSyncAsync(cancellationToken);
            // Services do not wait for the ingress informers (a cluster that cannot list Secrets still gets its services):
            // the ingress joins the apply loop once they have synced.
            if (_ingress is not null) _ = _ingress.WaitForSyncAsync(cancellationToken).ContinueWith(_ => Changed(), TaskScheduler.Default);
            _changed.Writer.TryWrite(true);
            while (!cancellationToken.IsCancellationRequested)
            {
                var retry = _listeners.Failed.Count > 0 || _ingress?.Failed.Count > 0;
                try
                {
                    if (retry)
                    {
                        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        wait.CancelAfter(_options.BindRetryPeriod);
                        try
                        {
                            await _changed.Reader.ReadAsync(wait.Token);
                        }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                        }
                    }
                    else
                    {
                        await _changed.Reader.ReadAsync(cancellationToken);
                    }
                    await ApplyAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    ServiceProxyLog.ApplyFailed(_logger, e);
                    _changed.Writer.TryWrite(true);
                    await Task.Delay(_options.BindRetryPeriod, _options.TimeProvider, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await _listeners.DisposeAsync();
            if (_ingress is not null) await _ingress.StopAsync();
            _serving = [];
            _forwarding = new HashSet<string>();
        }
    }

    private void Changed() => _changed.Writer.TryWrite(true);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        IEnumerable<JsonObject> SlicesOf(string ns, string name) => _slices.Lister.ByIndex(ServiceIndex, ObjectKeys.Key(ns, name));
        var table = ProxyTableBuilder.Build(
            _services.Lister.List(),
            SlicesOf,
            _options.NodeAddresses,
            _pickers,
            _options.NodeName);
        foreach (var conflict in table.Conflicts) ServiceProxyLog.Conflict(_logger, conflict);
        await _listeners.ApplyAsync(table, cancellationToken);
        if (_ingress is { HasSynced: true }) await _ingress.ApplyAsync((ns, name) => _services.Lister.Get(ns, name), SlicesOf, cancellationToken);
        var ingressListeners = _ingress?.Running ?? [];
        var ingressFailed = _ingress?.Failed ?? new Dictionary<ListenerKey, string>();

        _forwarding = _listeners.Running.Values.Where(l => !l.Key.Udp && l.Target.Picker.Endpoints.Count > 0)
            .Select(l => ForwardingKey(l.Key.Address, l.Key.Port, l.Target.Namespace, l.Target.Service)).ToHashSet(StringComparer.Ordinal);
        // A service's external IP and the ingress may both want one address: its first reason is reported.
        _failed = _listeners.Failed.Concat(ingressFailed).DistinctBy(f => f.Key).ToDictionary(f => f.Key.ToString(), f => f.Value, StringComparer.Ordinal);
        // Serving last: a reader that sees this apply's listeners there (what tests and status wait on) then
        // reads this apply's failures and forwarding too, not the previous apply's.
        _serving = [.. _listeners.Running.Values
            .Select(l => $"{l.Key} → {l.Target} ({l.Protocol}, {l.Target.Picker.Endpoints.Count} endpoints)")
            .Concat(ingressListeners.Select(l => $"{l.Key} → ingress ({(l.Tls ? "https" : "http")}, {_ingress!.Table.Ingresses} ingresses)"))
            .Order(StringComparer.Ordinal)];
        // Ingress ports are HTTP listeners too.
        _collector.Update(_listeners.Running.Values.Select(l => l.Protocol).Concat(ingressListeners.Select(_ => ProxyProtocol.Http1)),
            _listeners.Failed.Count + ingressFailed.Count);
        Interlocked.Increment(ref _applied);
        ServiceProxyLog.Applied(_logger, _listeners.Running.Count, _listeners.Failed.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await _listeners.DisposeAsync();
        if (_ingress is not null) await _ingress.DisposeAsync();
        _client.Dispose();
        _listenerServices.Dispose();
        _metrics.Dispose();
    }
}
