using System.Text.Json.Nodes;
using Obs.Api.Quota;

namespace Obs.Api.Tests.Quota;

public class ObjectUsageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject Obj(string json) => (JsonObject)JsonNode.Parse(json)!;

    private static string Usage(string resource, string json) =>
        string.Join(",", ObjectUsage.Of(resource, Obj(json), Now).OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => $"{u.Key}={u.Value}"));

    [Fact]
    public void APodUsesItsContainersRequestsAndLimitsOrItsLargestInitContainer()
    {
        Assert.Equal("count/pods=1,cpu=1,limits.cpu=1,limits.memory=256Mi,memory=192Mi,pods=1,requests.cpu=1,requests.memory=192Mi", Usage("pods", """
            {"spec":{"containers":[
              {"name":"a","resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"200m","memory":"128Mi"}}},
              {"name":"b","resources":{"requests":{"cpu":"200m","memory":"128Mi"},"limits":{"memory":"128Mi"}}}],
             "initContainers":[{"name":"i","resources":{"requests":{"cpu":"1"},"limits":{"cpu":"1"}}}]}}
            """));
    }

    [Fact]
    public void OverheadIsChargedToEveryRequestButOnlyToTheLimitsThatAreSet()
    {
        // A RuntimeClass overhead of cpu and memory on a pod that limits only cpu: the memory limit stays unset (no limit
        // is no limit, overhead or not), so limits.memory is not charged; the requests get all of the overhead.
        Assert.Equal("count/pods=1,cpu=350m,limits.cpu=600m,memory=160Mi,pods=1,requests.cpu=350m,requests.memory=160Mi", Usage("pods", """
            {"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"250m","memory":"128Mi"},"limits":{"cpu":"500m"}}}],
             "overhead":{"cpu":"100m","memory":"32Mi"}}}
            """));
        // A zero limit is not raised either; and a pod without any request is still charged the overhead as its requests.
        Assert.Equal("count/pods=1,cpu=100m,limits.cpu=0,memory=32Mi,pods=1,requests.cpu=100m,requests.memory=32Mi", Usage("pods", """
            {"spec":{"containers":[{"name":"a","resources":{"limits":{"cpu":"0"}}}],"overhead":{"cpu":"100m","memory":"32Mi"}}}
            """));
    }

    [Fact]
    public void TerminalPodsAndPodsLongPastTheirDeletionCountOnlyAsObjects()
    {
        Assert.Equal("count/pods=1", Usage("pods", """{"spec":{"containers":[]},"status":{"phase":"Succeeded"}}"""));
        Assert.Equal("count/pods=1", Usage("pods", """{"spec":{"containers":[]},"status":{"phase":"Failed"}}"""));
        Assert.Equal("count/pods=1", Usage("pods", """{"metadata":{"deletionTimestamp":"2026-12-07T11:59:00Z","deletionGracePeriodSeconds":30},"spec":{"containers":[]}}"""));
        // Still within the grace period after its deletion time: it may still be running.
        Assert.Equal("count/pods=1,pods=1", Usage("pods", """{"metadata":{"deletionTimestamp":"2026-12-07T11:59:45Z","deletionGracePeriodSeconds":30},"spec":{"containers":[]}}"""));
    }

    [Fact]
    public void ServicesCountNodePortsAndLoadBalancers()
    {
        Assert.Equal("count/services=1,services=1,services.loadbalancers=1,services.nodeports=2",
            Usage("services", """{"spec":{"type":"LoadBalancer","ports":[{"port":80},{"port":443}]}}"""));
        Assert.Equal("count/services=1,services=1,services.loadbalancers=0,services.nodeports=0",
            Usage("services", """{"spec":{"ports":[{"port":80}]}}"""));
    }

    [Fact]
    public void ExtendedResourcesAndHugepagesAreCountedAsRequests()
    {
        Assert.Equal("count/pods=1,hugepages-2Mi=4Mi,pods=1,requests.example.com/gpu=2,requests.hugepages-2Mi=4Mi", Usage("pods", """
            {"spec":{"containers":[{"name":"a","resources":{"requests":{"example.com/gpu":"2","hugepages-2Mi":"4Mi"}}}]}}
            """));
    }
}
