using System.Text.RegularExpressions;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Controllers.Tests.Deployments;

/// <summary>What the controllers did, as the real kubectl shows it from the Events they write.</summary>
[Collection(ControllerCollection.Name)]
public sealed class DeploymentEventsTests(ControllerCluster fixture)
{
    private static string Manifest(string ns) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: {{ns}}}
        spec:
          replicas: 3
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: api}
            spec:
              containers:
              - {name: api, image: "nginx:1.0"}
        """;

    /// <summary>Runs kubectl describe until <paramref name="pattern"/> shows <paramref name="times"/> times (events are written in the background).</summary>
    private async Task<string> DescribeUntilAsync(string ns, string what, string pattern, int times = 1)
    {
        var output = "";
        await Eventually.HoldsAsync(async () =>
        {
            output = await fixture.Cluster.KubectlOkAsync("describe", what, "-n", ns);
            return Regex.Matches(output, pattern).Count >= times;
        }, () => Task.FromResult($"/{pattern}/ x{times} in kubectl describe {what}:\n{output}"));
        return output;
    }

    [Fact]
    public async Task KubectlDescribeShowsTheDeploymentScalingItsReplicaSetAndTheReplicaSetCreatingPods()
    {
        var cluster = fixture.Cluster;
        var ns = await fixture.NamespaceAsync();
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"api-{ns}.yaml", Manifest(ns)));
        await Eventually.HoldsAsync(async () => (await fixture.Client.ListAsync(ResourceTypes.ReplicaSet, ns)).Items.Count == 1, () => Task.FromResult("the ReplicaSet"));
        var rs = ObjectMeta.Name((await fixture.Client.ListAsync(ResourceTypes.ReplicaSet, ns)).Items[0])!;
        Assert.Matches("^api-[a-z0-9]+$", rs);

        var deployment = await DescribeUntilAsync(ns, "deployment/api", "ScalingReplicaSet");
        Assert.Matches(@"Events:\s+Type\s+Reason\s+Age\s+From\s+Message", deployment);
        Assert.Matches($@"Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set {rs} from 0 to 3", deployment);

        var replicaSet = await DescribeUntilAsync(ns, "replicaset/" + rs, "SuccessfulCreate", times: 3);
        var created = Regex.Matches(replicaSet, $@"Normal\s+SuccessfulCreate\s+\S+\s+replicaset-controller\s+Created pod: ({rs}-[a-z0-9]{{5}})");
        Assert.Equal(3, created.Select(m => m.Groups[1].Value).Distinct().Count());

        // kubectl get events lists them by the object they are about.
        var events = await cluster.KubectlOkAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.kind=Deployment,involvedObject.name=api",
            "-o", "jsonpath={range .items[*]}{.source.component}/{.reason}/{.count}/{.involvedObject.uid}{\"\\n\"}{end}");
        var uid = ObjectMeta.Uid(await fixture.Client.GetAsync(ResourceTypes.Deployment, ns, "api"));
        Assert.Equal($"deployment-controller/ScalingReplicaSet/1/{uid}", events.Trim());
    }
}
