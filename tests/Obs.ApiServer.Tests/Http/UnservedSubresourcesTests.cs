using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Tests.Http;

public sealed class UnservedSubresourcesTests
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    [Fact]
    public void AttachPointsToLogsAndExec()
    {
        var pod = Json("""{"metadata": {"name": "tmp"}, "spec": {"nodeName": "vm", "containers": [{"name": "main"}]}}""");
        var error = UnservedSubresources.Refusal(new RequestInfo(ResourceTypes.Pod, "default", "tmp", "attach"), pod);
        Assert.Equal("pods/attach is not served by Obs's node agents: `kubectl logs -f tmp` follows its output and `kubectl exec` runs commands in it", error.Message);
    }

    [Fact]
    public void AnUnscheduledPodHasNoHostYetAndAServiceIsReachedAtItsClusterIp()
    {
        var pending = UnservedSubresources.Refusal(new RequestInfo(ResourceTypes.Pod, "default", "p", "attach"), Json("""{"metadata": {"name": "p"}, "spec": {}}"""));
        Assert.Equal((400, "pod p does not have a host assigned"), (pending.Code, pending.Message));
        var service = UnservedSubresources.Refusal(new RequestInfo(ResourceTypes.Service, "default", "web", "proxy"), Json("""{"metadata": {"name": "web"}, "spec": {"clusterIP": "127.77.3.4"}}"""));
        Assert.Equal("services/proxy is not served by Obs's node agents: the service \"web\" is reached at its cluster IP 127.77.3.4 from any node", service.Message);
    }
}
