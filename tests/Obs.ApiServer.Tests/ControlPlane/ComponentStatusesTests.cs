using System.Globalization;
using Obs.ApiServer.ControlPlane;
using Obs.Testing;

namespace Obs.ApiServer.Tests.ControlPlane;

/// <summary>
/// <c>kubectl get cs</c> against a real apiserver and PostgreSQL, with no scheduler or controller manager running:
/// until a leader holds their Lease they are Unhealthy, and say why.
/// </summary>
public sealed class ComponentStatusesTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task KubectlGetCsShowsEachComponentsHealthWithKubernetesDeprecationWarning()
    {
        var before = await cluster.KubectlAsync("get", "cs");
        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.Contains("Warning: " + ComponentStatuses.Deprecation, before.StdErr);
        Assert.Matches(@"NAME\s+STATUS\s+MESSAGE\s+ERROR", before.StdOut);
        Assert.Matches(@"scheduler\s+Unhealthy\s+no leader: Lease kube-system/obs-scheduler does not exist", before.StdOut);
        Assert.Matches(@"controller-manager\s+Unhealthy\s+no leader: Lease kube-system/obs-controller-manager does not exist", before.StdOut);
        Assert.Matches(@"postgresql\s+Healthy\s+ok", before.StdOut);

        var renewed = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest("scheduler-lease.yaml", $"""
            apiVersion: coordination.k8s.io/v1
            kind: Lease
            metadata: {"{"}name: obs-scheduler, namespace: kube-system{"}"}
            spec: {"{"}holderIdentity: scheduler-a, leaseDurationSeconds: 60, renewTime: "{renewed}", acquireTime: "{renewed}"{"}"}
            """));
        Assert.Matches(@"scheduler\s+Healthy\s+ok", await cluster.KubectlOkAsync("get", "componentstatuses"));

        var one = await cluster.KubectlOkAsync("get", "cs", "postgresql", "-o", "jsonpath={.kind} {.conditions[0].type}={.conditions[0].status}");
        Assert.Equal("ComponentStatus Healthy=True", one);
        var missing = await cluster.KubectlAsync("get", "cs", "etcd-0");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("\"etcd-0\" not found", missing.StdErr);
        Assert.Contains("componentstatuses", await cluster.KubectlOkAsync("api-resources", "--api-group="));
    }
}
