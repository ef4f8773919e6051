using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.NodeAgent.Dns;

namespace Obs.NodeAgent.Tests.Dns;

/// <summary>Services, EndpointSlices and Pods written to a real apiserver, asked for over real UDP and TCP.</summary>
public sealed class ClusterDnsEndToEndTests(DnsCluster cluster) : IClassFixture<DnsCluster>
{
    private async Task<(string Ns, string Ip)> WebServiceAsync()
    {
        var ns = await cluster.NamespaceAsync();
        var ip = DnsCluster.NextClusterIp();
        await cluster.CreateAsync(ResourceTypes.Service, ns, $$$"""
            {"metadata":{"name":"web"},"spec":{"clusterIP":"{{{ip}}}","ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"}]}}
            """);
        return (ns, ip);
    }

    private async Task<string> HeadlessDatabaseAsync()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateAsync(ResourceTypes.Service, ns, """
            {"metadata":{"name":"db"},"spec":{"clusterIP":"None","ports":[{"name":"pg","port":5432,"protocol":"TCP"}]}}
            """);
        await cluster.CreateAsync(ResourceTypes.EndpointSlice, ns, """
            {"metadata":{"name":"db-x1","labels":{"kubernetes.io/service-name":"db"}},"addressType":"IPv4",
             "ports":[{"name":"pg","port":5432,"protocol":"TCP"}],
             "endpoints":[
               {"addresses":["10.20.0.1"],"hostname":"db-0","conditions":{"ready":true}},
               {"addresses":["10.20.0.2"],"hostname":"db-1","conditions":{"ready":true}},
               {"addresses":["10.20.0.3"],"hostname":"db-2","conditions":{"ready":false}}]}
            """);
        return ns;
    }

    [Theory]
    [InlineData(DnsTransport.Udp)]
    [InlineData(DnsTransport.Tcp)]
    public async Task AServiceResolvesToItsClusterIp(DnsTransport transport)
    {
        var (ns, ip) = await WebServiceAsync();
        var name = $"web.{ns}.svc.cluster.local";
        var response = await cluster.EventuallyAsync(name, DnsType.A, transport, r => r.Answers.Count > 0);
        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.True(response.Authoritative);
        Assert.Equal([$"{name} 5 A {ip}"], DnsText.Format(response.Answers));
    }

    [Fact]
    public async Task ANamedPortHasAnSrvRecord()
    {
        var (ns, ip) = await WebServiceAsync();
        var response = await cluster.EventuallyAsync($"_http._tcp.web.{ns}.svc.cluster.local", DnsType.SRV, DnsTransport.Udp, r => r.Answers.Count > 0);
        Assert.Equal([$"_http._tcp.web.{ns}.svc.cluster.local 5 SRV 0 100 80 web.{ns}.svc.cluster.local"], DnsText.Format(response.Answers));
        Assert.Equal([$"web.{ns}.svc.cluster.local 5 A {ip}"], DnsText.Format(response.Additional));
    }

    [Fact]
    public async Task AHeadlessServiceResolvesToItsReadyEndpointsAndEachByHostname()
    {
        var ns = await HeadlessDatabaseAsync();
        var name = $"db.{ns}.svc.cluster.local";
        var response = await cluster.EventuallyAsync(name, DnsType.A, DnsTransport.Udp, r => r.Answers.Count > 0);
        Assert.Equal([$"{name} 5 A 10.20.0.1", $"{name} 5 A 10.20.0.2"], DnsText.Format(response.Answers));

        var pod = await DnsTestClient.QueryAsync(cluster.EndPoint, $"db-1.{name}", DnsType.A, DnsTransport.Tcp);
        Assert.Equal([$"db-1.{name} 5 A 10.20.0.2"], DnsText.Format(pod.Answers));

        var srv = await DnsTestClient.QueryAsync(cluster.EndPoint, $"_pg._tcp.{name}", DnsType.SRV, DnsTransport.Udp);
        Assert.Equal([$"_pg._tcp.{name} 5 SRV 0 50 5432 db-0.{name}", $"_pg._tcp.{name} 5 SRV 0 50 5432 db-1.{name}"], DnsText.Format(srv.Answers));
    }

    [Fact]
    public async Task AnExternalNameIsACname()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateAsync(ResourceTypes.Service, ns, """{"metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"db.example.com"}}""");
        var response = await cluster.EventuallyAsync($"ext.{ns}.svc.cluster.local", DnsType.A, DnsTransport.Udp, r => r.Answers.Count > 0);
        Assert.Equal([$"ext.{ns}.svc.cluster.local 5 CNAME db.example.com"], DnsText.Format(response.Answers));
    }

    [Fact]
    public async Task ADeletedServiceStopsResolving()
    {
        var (ns, _) = await WebServiceAsync();
        var name = $"web.{ns}.svc.cluster.local";
        Assert.Single((await cluster.EventuallyAsync(name, DnsType.A, DnsTransport.Udp, r => r.Answers.Count > 0)).Answers);
        await cluster.Client.DeleteAsync(ResourceTypes.Service, ns, "web");
        var response = await cluster.EventuallyAsync(name, DnsType.A, DnsTransport.Udp, r => r.ResponseCode == DnsResponseCode.NXDomain);
        Assert.Equal(DnsResponseCode.NXDomain, response.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.Equal(DnsType.SOA, Assert.Single(response.Authority).Type);
    }

    [Fact]
    public async Task APodResolvesByItsDashedAddressOnceItHasOne()
    {
        var ns = await cluster.NamespaceAsync();
        var pod = await cluster.CreateAsync(ResourceTypes.Pod, ns, """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        var name = $"10-30-0-7.{ns}.pod.cluster.local";
        Assert.Equal(DnsResponseCode.NXDomain, (await DnsTestClient.QueryAsync(cluster.EndPoint, name, DnsType.A, DnsTransport.Udp)).ResponseCode);
        pod["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = "10.30.0.7", ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = "10.30.0.7" }) };
        await cluster.Client.UpdateStatusAsync(ResourceTypes.Pod, pod);
        var response = await cluster.EventuallyAsync(name, DnsType.A, DnsTransport.Udp, r => r.Answers.Count > 0);
        Assert.Equal([$"{name} 5 A 10.30.0.7"], DnsText.Format(response.Answers));
    }

    [Fact]
    public async Task NamesOutsideTheClusterAreForwardedUpstream()
    {
        var response = await DnsTestClient.QueryAsync(cluster.EndPoint, "www.example.net", DnsType.A, DnsTransport.Udp);
        Assert.Equal(["www.example.net 300 A 192.0.2.53"], DnsText.Format(response.Answers));
        Assert.False(response.Authoritative);
    }

    [Fact]
    public async Task ALargeAnswerIsTruncatedOverUdpAndWholeOverTcp()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateAsync(ResourceTypes.Service, ns, """{"metadata":{"name":"big"},"spec":{"clusterIP":"None","ports":[{"name":"http","port":80}]}}""");
        var endpoints = string.Join(',', Enumerable.Range(1, 50).Select(i => $$$"""{"addresses":["10.40.0.{{{i}}}"],"conditions":{"ready":true}}"""));
        await cluster.CreateAsync(ResourceTypes.EndpointSlice, ns, $$$"""
            {"metadata":{"name":"big-x","labels":{"kubernetes.io/service-name":"big"}},"addressType":"IPv4","ports":[{"name":"http","port":80,"protocol":"TCP"}],"endpoints":[{{{endpoints}}}]}
            """);
        var name = $"big.{ns}.svc.cluster.local";
        var tcp = await cluster.EventuallyAsync(name, DnsType.A, DnsTransport.Tcp, r => r.Answers.Count == 50);
        Assert.Equal(50, tcp.Answers.Count);
        Assert.False(tcp.Truncated);
        var udp = await DnsTestClient.QueryAsync(cluster.EndPoint, name, DnsType.A, DnsTransport.Udp);
        Assert.True(udp.Truncated);
        Assert.True(udp.Answers.Count < 50);
    }
}
