using System.Diagnostics.Metrics;
using Obs.NodeAgent.Dns;

namespace Obs.NodeAgent.Tests.Dns;

public sealed class DnsMetricsTests
{
    [Fact]
    public async Task EachQueryCountsARequestAResponseCodeAndADuration()
    {
        using var metrics = new DnsMetrics("dns://127.0.0.1:5353");
        var seen = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add($"{instrument.Name}{{{string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"))}}} {value}"));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            seen.Add($"{instrument.Name}{{{string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"))}}}"));
        listener.Start();

        var handler = new DnsQueryHandler(ZoneFixture.Shop().Zone(), null, new ClusterDnsOptions(), metrics);
        var query = DnsMessageWriter.Encode(new DnsMessage { Id = 1, Questions = [new DnsQuestion("missing.shop.svc.cluster.local", DnsType.AAAA)] });
        await handler.HandleAsync(query, DnsTransport.Tcp, CancellationToken.None);
        var odd = DnsMessageWriter.Encode(new DnsMessage { Id = 2, Questions = [new DnsQuestion("web.shop.svc.cluster.local", (DnsType)99)] });
        await handler.HandleAsync(odd, DnsTransport.Udp, CancellationToken.None);

        Assert.Equal(
        [
            "coredns_dns_requests_total{server=dns://127.0.0.1:5353,zone=cluster.local.,proto=tcp,family=1,type=AAAA} 1",
            "coredns_dns_responses_total{server=dns://127.0.0.1:5353,zone=cluster.local.,rcode=NXDOMAIN} 1",
            "coredns_dns_request_duration_seconds{server=dns://127.0.0.1:5353,zone=cluster.local.,type=AAAA}",
            "coredns_dns_requests_total{server=dns://127.0.0.1:5353,zone=cluster.local.,proto=udp,family=1,type=other} 1",
            "coredns_dns_responses_total{server=dns://127.0.0.1:5353,zone=cluster.local.,rcode=NOERROR} 1",
            "coredns_dns_request_duration_seconds{server=dns://127.0.0.1:5353,zone=cluster.local.,type=other}",
        ], seen);
    }
}
