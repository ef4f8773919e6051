using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Obs.NodeAgent.Dns;

/// <summary>
/// CoreDNS's request metrics, under its names and labels, so its dashboards and alerts work:
/// requests by type and transport, responses by rcode, request duration by type.
/// </summary>
public sealed class DnsMetrics : IDisposable
{
    public const string MeterName = "Obs.NodeAgent.Dns";

    /// <summary>CoreDNS's buckets for coredns_dns_request_duration_seconds (0.25 ms to ~8 s, doubling).</summary>
    private static readonly double[] DurationBuckets =
        [0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192];

    private static readonly HashSet<DnsType> KnownTypes = [DnsType.A, DnsType.AAAA, DnsType.NS, DnsType.CNAME, DnsType.SOA, DnsType.PTR, DnsType.MX, DnsType.TXT, DnsType.SRV, DnsType.ANY];

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _responses;
    private readonly Histogram<double> _duration;
    private readonly KeyValuePair<string, object?> _server;

    /// <param name="server">The server label, "dns://address:port" as CoreDNS writes it.</param>
    public DnsMetrics(string server)
    {
        _meter = new Meter(MeterName);
        _server = new("server", server);
        _requests = _meter.CreateCounter<long>("coredns_dns_requests_total", description: "Counter of DNS requests made per zone, protocol and family.");
        _responses = _meter.CreateCounter<long>("coredns_dns_responses_total", description: "Counter of response status codes.");
        _duration = _meter.CreateHistogram("coredns_dns_request_duration_seconds", "s", "Histogram of the time (in seconds) each request took per zone.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>Types outside the common set are counted as "other", as CoreDNS does, so the label stays bounded.</summary>
    /// <summary>The meter the instruments belong to, for tests that listen to this instance only.</summary>
    internal Meter Meter => _meter;

    public static string TypeLabel(DnsType? type) => type is { } t && KnownTypes.Contains(t) ? t.ToString() : "other";

    public static string RcodeLabel(DnsResponseCode code) => code switch
    {
        DnsResponseCode.NoError => "NOERROR",
        DnsResponseCode.FormErr => "FORMERR",
        DnsResponseCode.ServFail => "SERVFAIL",
        DnsResponseCode.NXDomain => "NXDOMAIN",
        DnsResponseCode.NotImp => "NOTIMP",
        DnsResponseCode.Refused => "REFUSED",
        DnsResponseCode.BadVers => "BADVERS",
        _ => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <param name="zone">The zone that answered with its trailing dot ("cluster.local."), "." for forwarded names.</param>
    public void Record(DnsTransport transport, string zone, DnsType? type, DnsResponseCode? code, TimeSpan duration)
    {
        var zoneLabel = new KeyValuePair<string, object?>("zone", zone);
        var typeLabel = new KeyValuePair<string, object?>("type", TypeLabel(type));
        var proto = new KeyValuePair<string, object?>("proto", transport == DnsTransport.Udp ? "udp" : "tcp");
        _requests.Add(1, new TagList { _server, zoneLabel, proto, new("family", "1"), typeLabel });
        if (code is { } c) _responses.Add(1, new TagList { _server, zoneLabel, new("rcode", RcodeLabel(c)) });
        _duration.Record(duration.TotalSeconds, new TagList { _server, zoneLabel, typeLabel });
    }

    public void Dispose() => _meter.Dispose();
}
