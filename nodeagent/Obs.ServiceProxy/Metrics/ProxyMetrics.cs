using System.Diagnostics;
using System.Diagnostics.Metrics;
using Obs.ServiceProxy.Configuration;

namespace Obs.ServiceProxy.Metrics;

/// <summary>
/// The proxy's RED instruments on the <see cref="ServiceProxyHost.MeterName"/> meter, named after the
/// OpenTelemetry conventions so that the exposition writer turns them into the Prometheus names users
/// query (see this project's README.md):
/// <list type="bullet">
/// <item><c>http.server.request.duration</c> (s) → <c>http_server_request_duration_seconds</c>, labels
/// <c>namespace</c>, <c>service</c>, <c>http_request_method</c>, <c>http_response_status_code</c> and
/// <c>http_route</c> when the service declares routes.</item>
/// <item><c>obs.proxy.tcp.connections.opened</c>/<c>.failed</c> → <c>obs_proxy_tcp_connections_{opened,failed}_total</c>.</item>
/// <item><c>obs.proxy.tcp.received</c>/<c>.sent</c> (By) → <c>obs_proxy_tcp_{received,sent}_bytes_total</c>: received from clients, sent to them.</item>
/// <item><c>obs.proxy.tcp.connection.duration</c> (s) → <c>obs_proxy_tcp_connection_duration_seconds</c>.</item>
/// <item><c>obs.proxy.udp.datagrams.received</c>/<c>.sent</c>/<c>.dropped</c> → <c>obs_proxy_udp_datagrams_{received,sent,dropped}_total</c>.</item>
/// </list>
/// Every label value comes from the cluster's own objects or a fixed set, so series stay bounded by services.
/// </summary>
internal sealed class ProxyMetrics : IDisposable
{
    // OpenTelemetry's advised boundaries for http.server.request.duration.
    private static readonly double[] RequestBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    // Kestrel's boundaries for kestrel.connection.duration: connections live longer than requests.
    private static readonly double[] ConnectionBuckets = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

    private readonly Meter _meter;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _tcpOpened;
    private readonly Counter<long> _tcpFailed;
    private readonly Counter<long> _tcpReceived;
    private readonly Counter<long> _tcpSent;
    private readonly Histogram<double> _tcpDuration;
    private readonly Counter<long> _udpReceived;
    private readonly Counter<long> _udpSent;
    private readonly Counter<long> _udpDropped;

    public ProxyMetrics(string meterName)
    {
        _meter = new Meter(meterName);
        _requestDuration = _meter.CreateHistogram("http.server.request.duration", "s",
            "Duration of HTTP requests the service proxy forwarded, by service.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestBuckets });
        _tcpOpened = _meter.CreateCounter<long>("obs.proxy.tcp.connections.opened", "{connection}",
            "TCP connections the service proxy connected through to an endpoint.");
        _tcpFailed = _meter.CreateCounter<long>("obs.proxy.tcp.connections.failed", "{connection}",
            "TCP connections the service proxy closed because no endpoint was ready or reachable.");
        _tcpReceived = _meter.CreateCounter<long>("obs.proxy.tcp.received", "By",
            "Bytes the service proxy received from TCP clients and passed to endpoints.");
        _tcpSent = _meter.CreateCounter<long>("obs.proxy.tcp.sent", "By",
            "Bytes the service proxy sent to TCP clients from endpoints.");
        _tcpDuration = _meter.CreateHistogram("obs.proxy.tcp.connection.duration", "s",
            "Duration of TCP connections through the service proxy.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ConnectionBuckets });
        _udpReceived = _meter.CreateCounter<long>("obs.proxy.udp.datagrams.received", "{datagram}",
            "UDP datagrams the service proxy received from clients.");
        _udpSent = _meter.CreateCounter<long>("obs.proxy.udp.datagrams.sent", "{datagram}",
            "UDP datagrams the service proxy sent back to clients from endpoints.");
        _udpDropped = _meter.CreateCounter<long>("obs.proxy.udp.datagrams.dropped", "{datagram}",
            "UDP datagrams from clients the service proxy dropped because no endpoint was ready.");
    }

    public void RequestCompleted(ServicePortTarget target, string method, int statusCode, string? route, TimeSpan duration) =>
        RequestCompleted(RequestTags(target, method, statusCode, route), duration);

    /// <summary>Records with labels made once by <see cref="RequestTags"/>: the per-request path of a connection that keeps them.</summary>
    public void RequestCompleted(KeyValuePair<string, object?>[] tags, TimeSpan duration) =>
        _requestDuration.Record(duration.TotalSeconds, tags.AsSpan());

    /// <summary>The labels of a request's duration; a connection keeps them while its requests keep the same ones.</summary>
    public static KeyValuePair<string, object?>[] RequestTags(ServicePortTarget target, string method, int statusCode, string? route)
    {
        var tags = new List<KeyValuePair<string, object?>>(6)
        {
            new("namespace", target.Namespace),
            new("service", target.Service),
            new("http.request.method", RequestMethods.Normalize(method)),
            new("http.response.status_code", statusCode),
        };
        if (route is not null) tags.Add(new("http.route", route));
        if (target.Ingress is not null) tags.Add(new("ingress", target.Ingress));
        return [.. tags];
    }

    /// <summary>
    /// A request the ingress proxy answered itself: no rule matched (<paramref name="ingress"/> is then
    /// <c>_unmatched</c> and there is no namespace or service), or the backend service or port does not exist.
    /// </summary>
    public void IngressRequestCompleted(string? @namespace, string ingress, string? service, string method, int statusCode, TimeSpan duration)
    {
        var tags = new TagList
        {
            { "ingress", ingress },
            { "http.request.method", RequestMethods.Normalize(method) },
            { "http.response.status_code", statusCode },
        };
        if (@namespace is not null) tags.Add("namespace", @namespace);
        if (service is not null) tags.Add("service", service);
        _requestDuration.Record(duration.TotalSeconds, tags);
    }

    public void TcpOpened(ServicePortTarget target) => _tcpOpened.Add(1, Service(target));

    public void TcpFailed(ServicePortTarget target) => _tcpFailed.Add(1, Service(target));

    // Bytes count as they pass, so a long-lived connection shows its traffic before it closes.
    public void TcpReceived(ServicePortTarget target, int bytes) => _tcpReceived.Add(bytes, Service(target));

    public void TcpSent(ServicePortTarget target, int bytes) => _tcpSent.Add(bytes, Service(target));

    public void TcpClosed(ServicePortTarget target, TimeSpan duration) => _tcpDuration.Record(duration.TotalSeconds, Service(target));

    public void UdpReceived(ServicePortTarget target) => _udpReceived.Add(1, Service(target));

    public void UdpSent(ServicePortTarget target) => _udpSent.Add(1, Service(target));

    public void UdpDropped(ServicePortTarget target) => _udpDropped.Add(1, Service(target));

    private static TagList Service(ServicePortTarget target) => new()
    {
        { "namespace", target.Namespace },
        { "service", target.Service },
    };

    public void Dispose() => _meter.Dispose();
}
