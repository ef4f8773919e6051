using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Tests.Storage;

namespace Obs.Controllers.Tests.Nodes;

/// <summary>
/// <c>kubectl cordon</c> and <c>uncordon</c> with the real kubectl, on a cluster with the controller manager, the
/// scheduler and a real node agent: the node lifecycle controller puts <c>node.kubernetes.io/unschedulable:NoSchedule</c>
/// on the cordoned node, as <c>kubectl describe node</c> then shows, and takes it off again; meanwhile a DaemonSet's pod,
/// which tolerates it, still lands there and an ordinary pod waits.
/// </summary>
public sealed class CordonTests(LocalPathCluster fixture) : IClassFixture<LocalPathCluster>
{
    private const string UnschedulableTaint = "node.kubernetes.io/unschedulable:NoSchedule";

    private static string DaemonSet(string ns) => $$"""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: {{ns}}}
        spec:
          selector: {matchLabels: {app: agent} }
          template:
            metadata: {labels: {app: agent} }
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - {name: agent, image: busybox, command: [sleep, "3600"]}
        """;

    private static string Pod(string ns) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: {{ns}}}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - {name: web, image: busybox, command: [sleep, "3600"]}
        """;

    /// <summary>The node's taints as <c>kubectl get node -o json</c> prints them, "key:effect" each.</summary>
    private async Task<List<string>> TaintsAsync()
    {
        var node = JsonNode.Parse(await fixture.Cluster.KubectlOkAsync("get", "node", fixture.NodeName, "-o", "json"))!.AsObject();
        return [.. (node.At("spec", "taints") as JsonArray ?? []).OfType<JsonObject>().Select(t => $"{t.StringAt("key")}:{t.StringAt("effect")}")];
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var value = await probe();
        while (!done(value))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"never saw {what}; last: {(value is List<string> list ? string.Join(", ", list) : value)}");
            await Task.Delay(200);
            value = await probe();
        }
        return value;
    }

    private async Task<JsonObject> PodAsync(string ns, Func<JsonObject, bool> done, string what) =>
        (await EventuallyAsync(
            async () => (await fixture.Client.ListAsync(ResourceTypes.Pod, ns)).Items.FirstOrDefault(done),
            pod => pod is not null, what))!;

    [Fact]
    public async Task CordonTaintsTheNodeUnschedulableDaemonPodsStillLandThereAndUncordonRemovesIt()
    {
        var cluster = fixture.Cluster;
        var node = fixture.NodeName;
        var ns = $"ns-{Guid.NewGuid().ToString("N")[..8]}";
        await cluster.KubectlOkAsync("create", "namespace", ns);
        // Until the agent reports Ready the node carries not-ready:NoSchedule, which daemon pods do not tolerate either.
        await EventuallyAsync(() => cluster.KubectlAsync("get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"),
            ready => ready.StdOut == "True", "the node Ready");
        await EventuallyAsync(TaintsAsync, taints => !taints.Contains("node.kubernetes.io/not-ready:NoSchedule"), "the not-ready taint gone");

        Assert.Contains($"node/{node} cordoned", await cluster.KubectlOkAsync("cordon", node));
        var taints = await EventuallyAsync(TaintsAsync, t => t.Contains(UnschedulableTaint), "the unschedulable taint");
        Assert.Single(taints, UnschedulableTaint);
        var described = await cluster.KubectlOkAsync("describe", "node", node);
        Assert.Matches($@"Taints:\s+{UnschedulableTaint}\s", described);
        Assert.Matches(@"Unschedulable:\s+true\s", described);

        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"ds-{ns}.yaml", DaemonSet(ns)));
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"web-{ns}.yaml", Pod(ns)));
        var daemon = await PodAsync(ns, p => ObjectMeta.Name(p)!.StartsWith("agent-", StringComparison.Ordinal) && p.StringAt("spec", "nodeName") == node, "the daemon pod bound to the cordoned node");
        Assert.Contains((daemon.At("spec", "tolerations") as JsonArray ?? []).OfType<JsonObject>(),
            t => t.StringAt("key") == "node.kubernetes.io/unschedulable" && t.StringAt("operator") == "Exists" && t.StringAt("effect") == "NoSchedule");
        var waiting = await PodAsync(ns, p => ObjectMeta.Name(p) == "web" &&
            (p.At("status", "conditions") as JsonArray ?? []).OfType<JsonObject>().Any(c => c.StringAt("type") == "PodScheduled" && c.StringAt("status") == "False"),
            "the ordinary pod refused");
        Assert.Null(waiting.StringAt("spec", "nodeName"));

        Assert.Contains($"node/{node} uncordoned", await cluster.KubectlOkAsync("uncordon", node));
        await EventuallyAsync(TaintsAsync, t => !t.Contains(UnschedulableTaint), "the unschedulable taint gone");
        Assert.DoesNotContain(UnschedulableTaint, await cluster.KubectlOkAsync("describe", "node", node));
        await PodAsync(ns, p => ObjectMeta.Name(p) == "web" && p.StringAt("spec", "nodeName") == node, "the ordinary pod scheduled once uncordoned");

        await cluster.KubectlOkAsync("delete", "namespace", ns, "--wait=false");
    }
}
