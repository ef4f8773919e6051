using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Tests.Http;

public sealed class UnservedSubresourcesTests
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    [Fact]
    public void PodProxyNamesWhereThePodListensIncludingAPortTheAgentMoved()
    {
        var pod = Json("""
            {"metadata": {"name": "web-2", "annotations": {"obs.dev/assigned-ports": "{\"main\":{\"8000\":41234}}"}},
             "spec": {"nodeName": "vm", "containers": [{"name": "main", "ports": [{"containerPort": 8000}, {"containerPort": 9090}]}]},
             "status": {"podIP": "192.0.2.2"}}
            """);
        var error = UnservedSubresources.Refusal(new RequestInfo(ResourceTypes.Pod, "default", "web-2", "proxy"), pod);
        Assert.Equal(405, error.Code);
        Assert.Equal("MethodNotAllowed", error.Reason);
        Assert.Equal("pods/proxy is not served by Obs's node agents: pods share their node's network, so pod \"web-2\" is reached at 192.0.2.2 on port 41234 (containerPort 8000), 9090", error.Message);
    }

    [Fact]
    public void AnUnscheduledPodHasNoHostYetAndAServiceIsReachedAtItsClusterIp()
    {
        var pending = UnservedSubresources.Refusal(new RequestInfo(ResourceTypes.Pod, "default", "p", "proxy"), Json("""{"metadata": {"name": "p"}, "spec": {}}"""));
        Assert.Equal((400, "pod p does not have a host assigned"), (pending.Code, pending.Message));
        var service = UnservedSubresources.Refusal(new RequestInfo(ResourceTypes.Service, "default", "web", "proxy"), Json("""{"metadata": {"name": "web"}, "spec": {"clusterIP": "127.77.3.4"}}"""));
        Assert.Equal("services/proxy is not served by Obs's node agents: the service \"web\" is reached at its cluster IP 127.77.3.4 from any node", service.Message);
    }
}
