using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

public sealed class NetworkTablesTests
{
    [Fact]
    public void ClusterIpServiceShowsPortsAndSelector()
    {
        Assert.Equal("Name|Type|Cluster-IP|External-IP|Port(s)|Age", PrintingAssert.Names(ResourceTypes.Service, 0));
        PrintingAssert.Row(ResourceTypes.Service, """
            {"metadata":{"name":"web","creationTimestamp":"2024-05-01T11:59:30Z"},
             "spec":{"type":"ClusterIP","clusterIP":"127.77.0.10","clusterIPs":["127.77.0.10"],"selector":{"app":"web"},
                     "ports":[{"port":80,"protocol":"TCP"},{"port":443,"nodePort":30443,"protocol":"TCP"},{"port":53,"protocol":"UDP"}]}}
            """, """["web","ClusterIP","127.77.0.10","<none>","80/TCP,443:30443/TCP,53/UDP","30s","app=web"]""");
    }

    [Fact]
    public void LoadBalancerServiceShowsIngressOrPending()
    {
        var pending = PrintingAssert.Cells(ResourceTypes.Service, """{"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","clusterIP":"10.0.0.1"}}""");
        var ready = PrintingAssert.Cells(ResourceTypes.Service, """
            {"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","externalIPs":["5.6.7.8"]},
             "status":{"loadBalancer":{"ingress":[{"ip":"1.2.3.4"},{"hostname":"lb.example.com"}]}}}
            """);

        Assert.Equal("<pending>", pending[3]!.GetValue<string>());
        Assert.Equal("<none>", pending[4]!.GetValue<string>());
        Assert.Equal("<none>", pending[6]!.GetValue<string>());
        Assert.Equal("1.2.3.4,lb.example.com,5.6.7.8", ready[3]!.GetValue<string>());
    }

    [Fact]
    public void LoadBalancerAddressesAreSortedAndDistinct()
    {
        var cells = PrintingAssert.Cells(ResourceTypes.Service, """
            {"spec":{"type":"LoadBalancer"},"status":{"loadBalancer":{"ingress":[{"hostname":"z.example"},{"ip":"9.9.9.9"},{"ip":"10.0.0.1"},{"ip":"9.9.9.9"}]}}}
            """);

        Assert.Equal("10.0.0.1,9.9.9.9,z.example", cells[3]!.GetValue<string>());
    }

    [Fact]
    public void ExternalNameServiceShowsTheName()
    {
        PrintingAssert.Row(ResourceTypes.Service, """
            {"metadata":{"name":"db"},"spec":{"type":"ExternalName","externalName":"db.example.com"}}
            """, """["db","ExternalName","<none>","db.example.com","<none>","<unknown>","<none>"]""");
    }

    [Fact]
    public void EndpointsShowThreeAddressesThenHowManyMore()
    {
        PrintingAssert.Row(ResourceTypes.Endpoints, """
            {"metadata":{"name":"web"},"subsets":[
              {"addresses":[{"ip":"10.1.0.1"},{"ip":"10.1.0.2"}],"ports":[{"port":80},{"port":443}]}]}
            """, """["web","10.1.0.1:80,10.1.0.2:80,10.1.0.1:443 + 1 more...","<unknown>"]""");
        PrintingAssert.Row(ResourceTypes.Endpoints, """{"metadata":{"name":"none"}}""", """["none","<none>","<unknown>"]""");
        PrintingAssert.Row(ResourceTypes.Endpoints, """
            {"metadata":{"name":"headless"},"subsets":[{"addresses":[{"ip":"10.1.0.1"},{"ip":"fd00::1"}]}]}
            """, """["headless","10.1.0.1,fd00::1","<unknown>"]""");
        PrintingAssert.Row(ResourceTypes.Endpoints, """
            {"metadata":{"name":"v6"},"subsets":[{"addresses":[{"ip":"fd00::1"}],"ports":[{"port":80}]}]}
            """, """["v6","[fd00::1]:80","<unknown>"]""");
    }

    [Fact]
    public void EndpointSliceShowsPortsAndAddresses()
    {
        PrintingAssert.Row(ResourceTypes.EndpointSlice, """
            {"metadata":{"name":"web-abc"},"addressType":"IPv4","ports":[{"name":"http","port":80},{"name":"named"}],
             "endpoints":[{"addresses":["10.1.0.1"]},{"addresses":["10.1.0.2","10.1.0.3","10.1.0.4"]}]}
            """, """["web-abc","IPv4","80,named","10.1.0.1,10.1.0.2,10.1.0.3 + 1 more...","<unknown>"]""");
        PrintingAssert.Row(ResourceTypes.EndpointSlice, """{"metadata":{"name":"e"},"addressType":"IPv4"}""",
            """["e","IPv4","<unset>","<unset>","<unknown>"]""");
    }

    [Fact]
    public void IngressShowsClassHostsAddressAndPorts()
    {
        PrintingAssert.Row(ResourceTypes.Ingress, """
            {"metadata":{"name":"site"},"spec":{"ingressClassName":"nginx","tls":[{"hosts":["a.example"]}],
               "rules":[{"host":"a.example"},{"host":"b.example"},{},{"host":"c.example"},{"host":"d.example"}]},
             "status":{"loadBalancer":{"ingress":[{"ip":"1.2.3.4"}]}}}
            """, """["site","nginx","a.example,b.example,c.example + 2 more...","1.2.3.4","80, 443","<unknown>"]""");
        PrintingAssert.Row(ResourceTypes.Ingress, """{"metadata":{"name":"any"},"spec":{"rules":[{}]}}""",
            """["any","<none>","*","","80","<unknown>"]""");
    }

    [Fact]
    public void IngressClassShowsControllerAndParameters()
    {
        PrintingAssert.Row(ResourceTypes.IngressClass, """
            {"metadata":{"name":"nginx"},"spec":{"controller":"k8s.io/ingress-nginx","parameters":{"apiGroup":"k8s.example.com","kind":"Params","name":"p"}}}
            """, """["nginx","k8s.io/ingress-nginx","Params.k8s.example.com/p","<unknown>"]""");
    }
}
