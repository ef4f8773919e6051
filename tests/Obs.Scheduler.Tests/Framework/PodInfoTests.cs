using Obs.Scheduler.Framework;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Framework;

public sealed class PodInfoTests
{
    [Fact]
    public void RequestsSumContainersAndTakeTheLargestInitContainer()
    {
        var pod = new PodInfo(Pod("p", "500m", "1Gi", spec: """
            {"containers": [
               {"name": "a", "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}}},
               {"name": "b", "resources": {"requests": {"cpu": "250m", "ephemeral-storage": "1Gi"}}}],
             "initContainers": [
               {"name": "i1", "resources": {"requests": {"cpu": "2", "memory": "100Mi"}}},
               {"name": "i2", "resources": {"requests": {"memory": "3Gi"}}}]}
            """));
        Assert.Equal(new ResourceSet(2000, 3L << 30, 1L << 30, 1), pod.Requests);
    }

    [Fact]
    public void LimitsWithoutRequestsCountAsRequestsAndOverheadIsAdded()
    {
        var pod = new PodInfo(Pod("p", spec: """
            {"containers": [{"name": "a", "resources": {"limits": {"cpu": "1", "memory": "512Mi"}}}],
             "overhead": {"cpu": "100m", "memory": "10Mi"}}
            """));
        Assert.Equal(new ResourceSet(1100, 522L << 20, 0, 1), pod.Requests);
    }

    [Fact]
    public void PodsRequestingNothingScoreWithTheDefaultRequests()
    {
        var pod = new PodInfo(Pod("p"));
        Assert.Equal(new ResourceSet(0, 0, 0, 1), pod.Requests);
        Assert.Equal(new ResourceSet(100, 200L << 20, 0, 1), pod.NonZeroRequests);
    }

    [Fact]
    public void HostPortsDefaultToAnyIpAndTcp()
    {
        var pod = new PodInfo(Pod("p", spec: """
            {"containers": [{"name": "a", "ports": [{"containerPort": 80, "hostPort": 8080}, {"containerPort": 53, "hostPort": 53, "protocol": "UDP", "hostIP": "127.0.0.1"}, {"containerPort": 9090}]}]}
            """));
        Assert.Equal([new HostPort("0.0.0.0", "TCP", 8080), new HostPort("127.0.0.1", "UDP", 53)], pod.HostPorts);
    }
}
