using Obs.Api.Resources;
using Obs.NodeAgent.Dns;

namespace Obs.NodeAgent.Tests.Dns;

/// <summary>The same answers as seen by dig, which checks the wire format independently of our reader.</summary>
public sealed class DigTests(DnsCluster cluster) : IClassFixture<DnsCluster>
{
    private async Task WaitForAsync(string name, DnsType type, int answers)
    {
        var response = await cluster.EventuallyAsync(name, type, DnsTransport.Udp, r => r.Answers.Count == answers);
        Assert.Equal(answers, response.Answers.Count);
    }

    [Fact]
    public async Task DigResolvesAServiceOverUdpAndTcp()
    {
        var ns = await cluster.NamespaceAsync();
        var ip = DnsCluster.NextClusterIp();
        await cluster.CreateAsync(ResourceTypes.Service, ns, $$$"""
            {"metadata":{"name":"web"},"spec":{"clusterIP":"{{{ip}}}","ports":[{"name":"http","port":80,"protocol":"TCP"}]}}
            """);
        var name = $"web.{ns}.svc.cluster.local";
        await WaitForAsync(name, DnsType.A, 1);

        Assert.Equal([$"{name}. 5 IN A {ip}"], await Dig.AnswerAsync(cluster.EndPoint, name, "A"));
        // Over TCP, and in another case: the answer keeps the case the question was asked in.
        Assert.Equal([$"WEB.{ns}.SVC.cluster.local. 5 IN A {ip}"], await Dig.AnswerAsync(cluster.EndPoint, "+tcp", $"WEB.{ns}.SVC.cluster.local", "A"));
        Assert.Equal([$"_http._tcp.{name}. 5 IN SRV 0 100 80 {name}."], await Dig.AnswerAsync(cluster.EndPoint, $"_http._tcp.{name}", "SRV"));

        Assert.Equal([$"{string.Join('.', ip.Split('.').Reverse())}.in-addr.arpa. 5 IN PTR {name}."], await Dig.AnswerAsync(cluster.EndPoint, "-x", ip));

        var full = await Dig.RunAsync(cluster.EndPoint, name, "AAAA");
        Assert.Equal("NOERROR", Dig.Status(full));
        Assert.Contains("ANSWER: 0, AUTHORITY: 1", full);
        Assert.Contains("flags: qr aa rd ra;", full);
    }

    [Fact]
    public async Task DigSeesHeadlessEndpointsAndStatefulSetHostnames()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateAsync(ResourceTypes.Service, ns, """{"metadata":{"name":"db"},"spec":{"clusterIP":"None","ports":[{"name":"pg","port":5432}]}}""");
        await cluster.CreateAsync(ResourceTypes.EndpointSlice, ns, """
            {"metadata":{"name":"db-x","labels":{"kubernetes.io/service-name":"db"}},"addressType":"IPv4","ports":[{"name":"pg","port":5432,"protocol":"TCP"}],
             "endpoints":[{"addresses":["10.50.0.1"],"hostname":"db-0","conditions":{"ready":true}},{"addresses":["10.50.0.2"],"hostname":"db-1","conditions":{"ready":true}}]}
            """);
        var name = $"db.{ns}.svc.cluster.local";
        await WaitForAsync(name, DnsType.A, 2);

        Assert.Equal([$"{name}. 5 IN A 10.50.0.1", $"{name}. 5 IN A 10.50.0.2"], await Dig.AnswerAsync(cluster.EndPoint, name));
        Assert.Equal([$"db-1.{name}. 5 IN A 10.50.0.2"], await Dig.AnswerAsync(cluster.EndPoint, $"db-1.{name}"));
        Assert.Equal([$"_pg._tcp.{name}. 5 IN SRV 0 50 5432 db-0.{name}.", $"_pg._tcp.{name}. 5 IN SRV 0 50 5432 db-1.{name}."],
            await Dig.AnswerAsync(cluster.EndPoint, $"_pg._tcp.{name}", "SRV"));
    }

    [Fact]
    public async Task DigSeesAnExternalNameAsACname()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateAsync(ResourceTypes.Service, ns, """{"metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"api.example.com"}}""");
        var name = $"ext.{ns}.svc.cluster.local";
        await WaitForAsync(name, DnsType.CNAME, 1);
        Assert.Equal([$"{name}. 5 IN CNAME api.example.com."], await Dig.AnswerAsync(cluster.EndPoint, name, "CNAME"));
    }

    [Fact]
    public async Task DigGetsNxDomainForUnknownAndDeletedServices()
    {
        var ns = await cluster.NamespaceAsync();
        var unknown = await Dig.RunAsync(cluster.EndPoint, $"nothing.{ns}.svc.cluster.local");
        Assert.Equal("NXDOMAIN", Dig.Status(unknown));
        Assert.Contains("cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local.", string.Join('\n', unknown.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"\s+", " "))));

        var ip = DnsCluster.NextClusterIp();
        await cluster.CreateAsync(ResourceTypes.Service, ns, $$$"""{"metadata":{"name":"gone"},"spec":{"clusterIP":"{{{ip}}}","ports":[{"port":80}]}}""");
        var name = $"gone.{ns}.svc.cluster.local";
        await WaitForAsync(name, DnsType.A, 1);
        Assert.Equal([$"{name}. 5 IN A {ip}"], await Dig.AnswerAsync(cluster.EndPoint, name));
        await cluster.Client.DeleteAsync(ResourceTypes.Service, ns, "gone");
        await WaitForAsync(name, DnsType.A, 0);
        Assert.Equal("NXDOMAIN", Dig.Status(await Dig.RunAsync(cluster.EndPoint, name)));
    }

    [Fact]
    public async Task DigRetriesATruncatedUdpAnswerOverTcp()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateAsync(ResourceTypes.Service, ns, """{"metadata":{"name":"big"},"spec":{"clusterIP":"None","ports":[{"name":"http","port":80}]}}""");
        var endpoints = string.Join(',', Enumerable.Range(1, 50).Select(i => $$$"""{"addresses":["10.60.0.{{{i}}}"],"conditions":{"ready":true}}"""));
        await cluster.CreateAsync(ResourceTypes.EndpointSlice, ns, $$$"""
            {"metadata":{"name":"big-x","labels":{"kubernetes.io/service-name":"big"}},"addressType":"IPv4","ports":[{"name":"http","port":80,"protocol":"TCP"}],"endpoints":[{{{endpoints}}}]}
            """);
        var name = $"big.{ns}.svc.cluster.local";
        var whole = await cluster.EventuallyAsync(name, DnsType.A, DnsTransport.Tcp, r => r.Answers.Count == 50);
        Assert.Equal(50, whole.Answers.Count);

        var output = await Dig.RunAsync(cluster.EndPoint, "+noedns", name);
        Assert.Contains("Truncated, retrying in TCP mode", output);
        Assert.Contains("ANSWER: 50,", output);
    }

    [Fact]
    public async Task DigGetsForwardedAnswersForOtherNames() =>
        Assert.Equal(["www.example.org. 300 IN A 192.0.2.53"], await Dig.AnswerAsync(cluster.EndPoint, "www.example.org"));
}
