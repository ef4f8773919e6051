using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Tests.Disruption;

/// <summary>
/// The real <c>kubectl drain</c> against the apiserver with the controller manager running: the
/// node is cordoned and its pods leave through the eviction API as far as their
/// PodDisruptionBudget allows, which the disruption controller keeps up to date. Pods are placed
/// on nodes by their template's nodeName (no scheduler runs here); <see cref="FakeKubelet"/> makes
/// them ready and <see cref="PodTerminator"/> finishes their deletion.
/// </summary>
[Collection(ControllerCollection.Name)]
public sealed class DrainTests(ControllerCluster fixture)
{
    private readonly ApiClient _client = fixture.Client;

    private static string ReplicaSet(string ns, string name, string app, int replicas, string node) => $$"""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: {{app}}, set: {{name}}}
          template:
            metadata:
              labels: {app: {{app}}, set: {{name}}}
            spec:
              nodeName: {{node}}
              containers:
              - name: web
                image: nginx
                volumeMounts: [{name: scratch, mountPath: /scratch}]
              volumes:
              - name: scratch
                emptyDir: {}
        """;

    private static string Budget(string ns, string app, string rule) => $$"""
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: {{app}}, namespace: {{ns}}}
        spec:
          {{rule}}
          selector:
            matchLabels: {app: {{app}}}
        """;

    private async Task NodeAsync(string name) =>
        await _client.CreateAsync(ResourceTypes.Node, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name },
        });

    private async Task<List<JsonObject>> PodsOnAsync(string ns, string node) =>
        [.. (await _client.ListAsync(ResourceTypes.Pod, ns)).Items.Where(p => p.StringAt("spec", "nodeName") == node)];

    private async Task<string> DescribeAsync(string ns)
    {
        var pods = (await _client.ListAsync(ResourceTypes.Pod, ns)).Items
            .Select(p => $"{ObjectMeta.Name(p)}@{p.StringAt("spec", "nodeName")}:{(PodState.IsReady(p) ? "ready" : "not ready")}{(ObjectMeta.DeletionTimestamp(p) is null ? "" : ":deleting")}");
        var budgets = (await _client.ListAsync(ResourceTypes.PodDisruptionBudget, ns)).Items.Select(b => $"{ObjectMeta.Name(b)} {b["status"]?.ToJsonString()}");
        return $"pods [{string.Join(", ", pods)}], budgets [{string.Join("; ", budgets)}]";
    }

    /// <summary>Waits until the disruption controller has counted <paramref name="healthy"/> pods for the budget.</summary>
    private Task BudgetCountsAsync(string ns, string name, long healthy, long allowed) =>
        Eventually.HoldsAsync(async () =>
        {
            var budget = await _client.GetAsync(ResourceTypes.PodDisruptionBudget, ns, name);
            return budget.LongAt("status", "currentHealthy") == healthy && budget.LongAt("status", "disruptionsAllowed") == allowed &&
                budget.LongAt("status", "observedGeneration") == ObjectMeta.Generation(budget);
        }, () => DescribeAsync(ns));

    [Fact]
    public async Task DrainCordonsTheNodeAndEvictsItsPodsAsTheBudgetAllows()
    {
        var cluster = fixture.Cluster;
        var ns = await fixture.NamespaceAsync();
        var (drained, other) = ($"{ns}-a", $"{ns}-b");
        await NodeAsync(drained);
        await NodeAsync(other);
        await using var kubelet = new FakeKubelet(_client, ns);
        await using var terminator = new PodTerminator(_client, ns);
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"web-a-{ns}.yaml", ReplicaSet(ns, "web-a", "web", 2, drained)));
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"web-b-{ns}.yaml", ReplicaSet(ns, "web-b", "web", 1, other)));
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"pdb-{ns}.yaml", Budget(ns, "web", "minAvailable: 2")));
        await BudgetCountsAsync(ns, "web", healthy: 3, allowed: 1);
        var before = (await PodsOnAsync(ns, drained)).Select(p => ObjectMeta.Name(p)!).Order().ToList();
        Assert.Equal(2, before.Count);

        // One disruption at a time: the second pod waits (429, retried by kubectl after 5 s) until
        // its ReplicaSet's replacement is ready and the controller allows one again.
        var result = await cluster.KubectlAsync("drain", drained, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=60s");

        Assert.True(result.ExitCode == 0, $"kubectl drain failed: {result}\n{await DescribeAsync(ns)}");
        Assert.Contains($"node/{drained} cordoned", result.StdOut);
        foreach (var pod in before) Assert.Contains($"pod/{pod} evicted", result.StdOut);
        Assert.Contains($"node/{drained} drained", result.StdOut);
        Assert.True((await _client.GetAsync(ResourceTypes.Node, null, drained)).BoolAt("spec", "unschedulable"));
        var left = (await _client.ListAsync(ResourceTypes.Pod, ns)).Items.Select(p => ObjectMeta.Name(p)!).ToList();
        Assert.DoesNotContain(before[0], left);
        Assert.DoesNotContain(before[1], left);
    }

    [Fact]
    public async Task DrainStopsAtABudgetThatAllowsNoDisruption()
    {
        var cluster = fixture.Cluster;
        var ns = await fixture.NamespaceAsync();
        var drained = $"{ns}-a";
        await NodeAsync(drained);
        await using var kubelet = new FakeKubelet(_client, ns);
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"db-{ns}.yaml", ReplicaSet(ns, "db", "db", 1, drained)));
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"pdb-{ns}.yaml", Budget(ns, "db", "minAvailable: 1")));
        await BudgetCountsAsync(ns, "db", healthy: 1, allowed: 0);
        var pod = ObjectMeta.Name(Assert.Single(await PodsOnAsync(ns, drained)))!;

        var result = await cluster.KubectlAsync("drain", drained, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=10s");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"node/{drained} cordoned", result.StdOut);
        Assert.Contains($"error when evicting pods/\"{pod}\" -n \"{ns}\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.", result.StdErr);
        Assert.Contains("global timeout reached: 10s", result.StdErr);
        Assert.True((await _client.GetAsync(ResourceTypes.Node, null, drained)).BoolAt("spec", "unschedulable"));
        var still = await _client.GetAsync(ResourceTypes.Pod, ns, pod);
        Assert.Null(ObjectMeta.DeletionTimestamp(still));
        Assert.Equal(0, (await _client.GetAsync(ResourceTypes.PodDisruptionBudget, ns, "db")).LongAt("status", "disruptionsAllowed"));
    }
}
