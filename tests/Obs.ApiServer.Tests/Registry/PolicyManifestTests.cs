using Obs.ApiServer.Http;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Registry;

/// <summary>
/// The policy kinds as a user meets them: one manifest with a PriorityClass, a NetworkPolicy and a
/// LimitRange applied with the real kubectl, then pods that get their defaults or are refused.
/// </summary>
public sealed class PolicyManifestTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string Policies = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
        ---
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata:
          name: team-a-batch
        value: 100
        preemptionPolicy: Never
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: deny-all
          namespace: team-a
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
        ---
        apiVersion: v1
        kind: LimitRange
        metadata:
          name: limits
          namespace: team-a
        spec:
          limits:
          - type: Container
            default: {cpu: 500m, memory: 128Mi}
            defaultRequest: {cpu: 100m, memory: 64Mi}
            max: {cpu: "1", memory: 256Mi}
          - type: PersistentVolumeClaim
            max: {storage: 1Gi}
        """;

    private static string Pod(string name, string resources = "") => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          namespace: team-a
        spec:
          priorityClassName: team-a-batch
          containers:
          - name: app
            image: busybox
            command: ["sleep", "1"]
        {{resources}}
        """;

    [Fact]
    public async Task APodInANamespaceWithPoliciesGetsItsDefaultsOrIsRefused()
    {
        var applied = await cluster.KubectlAsync("apply", "-f", cluster.Manifest("policies.yaml", Policies));
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("Warning: " + UnenforcedPolicyWarning.NetworkPolicy, applied.StdErr);
        Assert.Contains("priorityclass.scheduling.k8s.io/team-a-batch created", applied.StdOut);
        Assert.Contains("networkpolicy.networking.k8s.io/deny-all created", applied.StdOut);
        Assert.Contains("limitrange/limits created", applied.StdOut);
        Assert.Matches(@"deny-all\s+<none>", await cluster.KubectlOkAsync("get", "netpol", "-n", "team-a"));
        Assert.Matches(@"limits\s+\d{4}-\d\d-\d\dT", await cluster.KubectlOkAsync("get", "limitrange", "-n", "team-a"));

        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest("plain.yaml", Pod("plain")));
        var big = await cluster.KubectlAsync("apply", "-f", cluster.Manifest("big.yaml", Pod("big", """
                resources:
                  limits: {cpu: "2"}
            """)));

        Assert.Equal("100 Never 100m 500m 64Mi 128Mi Burstable", await cluster.KubectlOkAsync("get", "pod", "plain", "-n", "team-a", "-o",
            "jsonpath={.spec.priority} {.spec.preemptionPolicy} {.spec.containers[0].resources.requests.cpu} {.spec.containers[0].resources.limits.cpu} " +
            "{.spec.containers[0].resources.requests.memory} {.spec.containers[0].resources.limits.memory} {.status.qosClass}"));
        Assert.NotEqual(0, big.ExitCode);
        Assert.Contains("pods \"big\" is forbidden: maximum cpu usage per Container is 1, but limit is 2", big.StdErr);
        Assert.StartsWith("Error from server (Forbidden)", big.StdErr.Trim());
    }

    [Fact]
    public async Task AClaimAboveTheRangesMaximumIsRefused()
    {
        await cluster.KubectlOkAsync("create", "namespace", "team-b");
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest("team-b-limits.yaml", """
            apiVersion: v1
            kind: LimitRange
            metadata:
              name: storage
              namespace: team-b
            spec:
              limits:
              - type: PersistentVolumeClaim
                min: {storage: 1Gi}
            """));

        var (code, status) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/team-b/persistentvolumeclaims",
            """{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"tiny"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"10Mi"}}}}""");

        Assert.Equal(403, code);
        Assert.Equal("persistentvolumeclaims \"tiny\" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 10Mi",
            status!["message"]!.GetValue<string>());
    }
}
