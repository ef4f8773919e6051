using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Controllers.Tests.ResourceQuotas;

/// <summary>
/// A quota as a platform engineer uses one, through a real apiserver, the controller manager and the real
/// kubectl: created with <c>kubectl create quota</c>, put in force by the controller, refusing what goes
/// over, and giving quota back when a pod is deleted.
/// </summary>
[Collection(ControllerCollection.Name)]
public sealed class ResourceQuotaTests(ControllerCluster fixture)
{
    private static string Pod(string ns, string name, string cpu) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          containers:
          - name: app
            image: busybox
            resources:
              requests: {cpu: {{cpu}}}
        """;

    private async Task<string> UsedAsync(string ns, string resource) =>
        (await fixture.Client.GetAsync(ResourceTypes.ResourceQuota, ns, "q")).StringAt("status", "used", resource) ?? "";

    [Fact]
    public async Task AQuotaRefusesWhatGoesOverAndFreesWhatADeletedPodHeld()
    {
        var cluster = fixture.Cluster;
        var ns = await fixture.NamespaceAsync();
        await cluster.KubectlOkAsync("create", "quota", "q", "-n", ns, "--hard=pods=2,requests.cpu=1");
        await Eventually.HoldsAsync(async () => await UsedAsync(ns, "pods") == "0", () => Task.FromResult("the controller to count the quota"));
        // In force once the apiserver's cache holds the counted quota (as a LimitRange applies): a dry run is then refused.
        await Eventually.HoldsAsync(async () => (await cluster.KubectlAsync("run", "bare", "-n", ns, "--image=busybox", "--dry-run=server")).ExitCode != 0,
            () => Task.FromResult("the quota to be in force"));

        Assert.Matches(@"NAME\s+AGE\s+REQUEST\s+LIMIT\s*\nq\s+\S+\s+pods: 0/2, requests.cpu: 0/1\s*$", await cluster.KubectlOkAsync("get", "quota", "-n", ns));
        var run = await cluster.KubectlAsync("run", "bare", "-n", ns, "--image=busybox");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"Error from server (Forbidden): pods \"bare\" is forbidden: failed quota: q: must specify requests.cpu for: bare", run.StdErr);

        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest(ns + "-a.yaml", Pod(ns, "a", "400m")));
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest(ns + "-b.yaml", Pod(ns, "b", "400m")));
        var third = await cluster.KubectlAsync("apply", "-f", cluster.Manifest(ns + "-c.yaml", Pod(ns, "c", "100m")));
        Assert.NotEqual(0, third.ExitCode);
        Assert.Contains("pods \"c\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2", third.StdErr);
        var describe = await cluster.KubectlOkAsync("describe", "quota", "q", "-n", ns);
        Assert.Matches(@"Resource\s+Used\s+Hard", describe);
        Assert.Matches(@"pods\s+2\s+2", describe);
        Assert.Matches(@"requests.cpu\s+800m\s+1", describe);

        await cluster.KubectlOkAsync("delete", "pod", "a", "-n", ns, "--wait=false");
        await Eventually.HoldsAsync(async () => await UsedAsync(ns, "pods") == "1", async () => $"the quota to be given back: pods={await UsedAsync(ns, "pods")}");
        Assert.Equal("400m", await UsedAsync(ns, "requests.cpu"));
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest(ns + "-c.yaml", Pod(ns, "c", "100m")));
        Assert.Matches(@"q\s+\S+\s+pods: 2/2, requests.cpu: 500m/1", await cluster.KubectlOkAsync("get", "quota", "-n", ns));
    }
}
