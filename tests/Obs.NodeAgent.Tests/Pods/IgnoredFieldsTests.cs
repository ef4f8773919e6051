using System.Text.Json.Nodes;
using Obs.NodeAgent.Pods;

namespace Obs.NodeAgent.Tests.Pods;

public sealed class IgnoredFieldsTests
{
    [Fact]
    public void ListsWhatTheRuntimeDoesNotActOn()
    {
        var pod = (JsonObject)JsonNode.Parse("""
            {"spec":{"securityContext":{"runAsUser":1000},"hostPID":false,"imagePullSecrets":[],"dnsPolicy":"ClusterFirst",
              "containers":[{"name":"web","tty":true,"stdin":true,"securityContext":{},"readinessProbe":{"grpc":{"port":9000}}}],
              "volumes":[{"name":"data","emptyDir":{}},{"name":"share","nfs":{"server":"x","path":"/"}}]}}
            """)!;
        Assert.Equal(["spec.securityContext", "spec.containers[web].readinessProbe.grpc", "spec.volumes[share].nfs"], IgnoredFields.Find(pod));
    }

    [Fact]
    public void HostPidAndHostIpcAreActedOn() =>
        Assert.Empty(IgnoredFields.Find((JsonObject)JsonNode.Parse("""{"spec":{"hostPID":true,"hostIPC":true,"containers":[{"name":"a","command":["true"]}]}}""")!));

    [Fact]
    public void PlainPodHasNone() =>
        Assert.Empty(IgnoredFields.Find((JsonObject)JsonNode.Parse("""{"spec":{"containers":[{"name":"a","command":["true"]}]}}""")!));
}
