using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Controllers.Endpoints;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Endpoints;

public sealed class EndpointsBuilderTests
{
    private static JsonObject Service(string ports) => (JsonObject)JsonNode.Parse(
        $$$"""{"metadata": {"name": "web", "namespace": "ns"}, "spec": {"selector": {"app": "web"}, "ports": {{{ports}}}}}""")!;

    private static JsonObject PodWithPort(string name, int readyFor, string portName, int containerPort)
    {
        var pod = Stores.Pod(name, null, readyFor: readyFor);
        pod["spec"]!["containers"]![0]!["ports"] = new JsonArray(new JsonObject { ["name"] = portName, ["containerPort"] = containerPort });
        return pod;
    }

    [Fact]
    public void NamedTargetPortsResolvePerPodAndSplitSubsets()
    {
        var svc = Service("""[{"name": "http", "port": 80, "targetPort": "http"}]""");
        var endpoints = EndpointsBuilder.Build(svc, [PodWithPort("a", 10, "http", 8080), PodWithPort("b", 10, "http", 9090), PodWithPort("c", 10, "other", 1)], false);
        var subsets = endpoints["subsets"]!.AsArray();
        Assert.Equal(2, subsets.Count);
        Assert.Equal(8080, subsets[0]!["ports"]![0].LongAt("port"));
        Assert.Equal("a", subsets[0]!["addresses"]![0].StringAt("targetRef", "name"));
        Assert.Equal(9090, subsets[1]!["ports"]![0].LongAt("port"));
    }

    [Fact]
    public void NotReadyPodsAreNotReadyAddressesUnlessPublished()
    {
        var svc = Service("""[{"port": 80, "targetPort": 8080}]""");
        var notReady = Stores.Pod("b", null);
        notReady["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = "10.9.9.9" };
        var endpoints = EndpointsBuilder.Build(svc, [Stores.Pod("a", null, readyFor: 5), notReady], false);
        var subset = Assert.Single(endpoints["subsets"]!.AsArray())!;
        Assert.Single(subset["addresses"]!.AsArray());
        Assert.Equal("10.9.9.9", Assert.Single(subset["notReadyAddresses"]!.AsArray()).StringAt("ip"));
        Assert.Equal("""[{"port":8080,"protocol":"TCP"}]""", subset["ports"]!.ToJsonString());

        var published = EndpointsBuilder.Build(svc, [Stores.Pod("a", null, readyFor: 5), notReady], true);
        Assert.Equal(2, published["subsets"]![0]!["addresses"]!.AsArray().Count);
    }

    [Fact]
    public void SlicesCarryTheServiceNameAndEndpointConditions()
    {
        var svc = Service("""[{"name": "http", "port": 80, "targetPort": 8080}]""");
        var notReady = Stores.Pod("b", null);
        notReady["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = "10.9.9.9" };
        var slice = Assert.Single(EndpointsBuilder.BuildSlices(svc, [Stores.Pod("a", null, readyFor: 5), notReady], false));
        Assert.Equal("web", slice.StringAt("metadata", "labels", "kubernetes.io/service-name"));
        Assert.Equal("web-", slice.StringAt("metadata", "generateName"));
        Assert.Equal("IPv4", slice.StringAt("addressType"));
        var endpoints = slice["endpoints"]!.AsArray();
        Assert.Equal([true, false], endpoints.Select(e => e.BoolAt("conditions", "ready") == true));
        Assert.Equal("""[{"name":"http","port":8080,"protocol":"TCP"}]""", slice["ports"]!.ToJsonString());
    }

    [Fact]
    public void APortTheAgentMovedIsWhereTheSliceSendsTraffic()
    {
        // Two replicas on one node: the second was started on 41234 since the first had 8000.
        var svc = Service("""[{"name": "http", "port": 80, "targetPort": 8000}, {"name": "named", "port": 81, "targetPort": "web"}, {"name": "dns", "port": 53, "targetPort": 8000, "protocol": "UDP"}]""");
        var first = PodWithPort("a", 10, "web", 8000);
        var second = PodWithPort("b", 10, "web", 8000);
        second["metadata"]!["annotations"] = new JsonObject { [AssignedPorts.Annotation] = AssignedPorts.Format([("main", 8000, 41234)]) };
        var slices = EndpointsBuilder.BuildSlices(svc, [first, second], false);
        Assert.Equal(2, slices.Count);
        var moved = Assert.Single(slices, s => s["endpoints"]![0].StringAt("targetRef", "name") == "b");
        // Numbered and named target ports follow the move; UDP ports are never moved.
        Assert.Equal("""[{"name":"http","port":41234,"protocol":"TCP"},{"name":"named","port":41234,"protocol":"TCP"},{"name":"dns","port":8000,"protocol":"UDP"}]""", moved["ports"]!.ToJsonString());
        var kept = Assert.Single(slices, s => s["endpoints"]![0].StringAt("targetRef", "name") == "a");
        Assert.Equal(8000, kept["ports"]![0].LongAt("port"));
    }

    [Fact]
    public void AServiceWithoutPodsHasAnEmptySlice()
    {
        var slice = Assert.Single(EndpointsBuilder.BuildSlices(Service("""[{"port": 80}]"""), [], false));
        Assert.Empty(slice["endpoints"]!.AsArray());
        Assert.Equal("""[{"port":80,"protocol":"TCP"}]""", slice["ports"]!.ToJsonString());
    }
}
