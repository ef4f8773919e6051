using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Tests.ReplicaSets;

/// <summary>core/v1 ReplicationControllers through the real apiserver, kubectl and the controller manager.</summary>
[Collection(ControllerCollection.Name)]
public sealed class ReplicationControllerRunTests(ControllerCluster fixture)
{
    private readonly ApiClient _client = fixture.Client;

    private static string Manifest(string ns, int replicas) => $$$"""
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: web, namespace: {{{ns}}}}
        spec:
          replicas: {{{replicas}}}
          template:
            metadata: {labels: {app: rc-web}}
            spec:
              containers: [{name: web, image: nginx}]
        """;

    private async Task<List<JsonObject>> OwnedPodsAsync(string ns) =>
        [.. (await Workloads.LivePodsAsync(_client, ns)).Where(p => OwnerReferences.Controller(p)?.StringAt("kind") == "ReplicationController")];

    [Fact]
    public async Task ItAdoptsScalesAndTakesItsPodsAlongWhenDeleted()
    {
        var ns = await fixture.NamespaceAsync();
        await using var kubelet = new FakeKubelet(_client, ns);
        var orphan = (JsonObject)JsonNode.Parse($$"""
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "orphan", "namespace": "{{ns}}", "labels": {"app": "rc-web"} },
             "spec": {"containers": [{"name": "web", "image": "nginx"}]} }
            """)!;
        await _client.CreateAsync(ResourceTypes.Pod, orphan);

        await fixture.Cluster.KubectlOkAsync("apply", "-f", fixture.Cluster.Manifest($"rc-{ns}.yaml", Manifest(ns, 2)));
        var rc = await _client.GetAsync(ResourceTypes.ReplicationController, ns, "web");
        // Defaulted from the template's labels, as Kubernetes does when a manifest gives no selector.
        Assert.Equal("""{"app":"rc-web"}""", rc.At("spec", "selector")!.ToJsonString());
        Assert.Equal("rc-web", ObjectMeta.Label(rc, "app"));

        await Eventually.HoldsAsync(async () => (await OwnedPodsAsync(ns)).Count == 2, async () => $"2 owned pods, have {(await OwnedPodsAsync(ns)).Count}");
        Assert.Contains("orphan", (await OwnedPodsAsync(ns)).Select(p => ObjectMeta.Name(p)));

        Assert.Contains("scaled", await fixture.Cluster.KubectlOkAsync("scale", "rc/web", "--replicas=3", "-n", ns));
        await Eventually.HoldsAsync(async () =>
            (await _client.GetAsync(ResourceTypes.ReplicationController, ns, "web")).LongAt("status", "readyReplicas") == 3,
            async () => (await _client.GetAsync(ResourceTypes.ReplicationController, ns, "web"))["status"]?.ToJsonString() ?? "no status");
        Assert.Matches(@"web\s+3\s+3\s+3\s", await fixture.Cluster.KubectlOkAsync("get", "rc", "-n", ns));
        Assert.Matches(@"app=rc-web", await fixture.Cluster.KubectlOkAsync("get", "rc", "web", "-o", "wide", "-n", ns));
        Assert.Contains("ReplicationControllerList", await fixture.Cluster.KubectlOkAsync("cluster-info", "dump", "--namespaces", ns));

        await fixture.Cluster.KubectlOkAsync("delete", "rc", "web", "-n", ns, "--wait=false");
        await Eventually.HoldsAsync(async () => (await Workloads.LivePodsAsync(_client, ns)).Count == 0, async () => $"no pods, have {(await Workloads.LivePodsAsync(_client, ns)).Count}");
    }

    [Fact]
    public async Task ASelectorThatMissesTheTemplateIsRefusedByName()
    {
        var ns = await fixture.NamespaceAsync();
        var yaml = Manifest(ns, 1).Replace("  replicas: 1", "  replicas: 1\n  selector: {app: other}");
        var result = await fixture.Cluster.KubectlAsync("apply", "-f", fixture.Cluster.Manifest($"rc-bad-{ns}.yaml", yaml));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("spec.template.metadata.labels: Invalid value", result.StdErr);
        Assert.Contains("`selector` does not match template `labels`", result.StdErr);
    }
}
