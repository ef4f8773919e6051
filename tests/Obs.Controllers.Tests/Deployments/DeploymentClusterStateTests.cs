using System.Globalization;
using System.Text.RegularExpressions;

namespace Obs.Controllers.Tests.Deployments;

/// <summary>
/// Issue 6's "cluster-state metrics follow changes": a Deployment scaled with the real kubectl, rolled by the real
/// controllers (the test playing the kubelet), and the apiserver's kube-state-metrics endpoint following it from its watch cache.
/// </summary>
[Collection(ControllerCollection.Name)]
public sealed class DeploymentClusterStateTests(ControllerCluster fixture)
{
    [Fact]
    public async Task ScalingADeploymentIsFollowedByItsAvailableReplicas()
    {
        var cluster = fixture.Cluster;
        var ns = await fixture.NamespaceAsync();
        await using var kubelet = new FakeKubelet(fixture.Client, ns, TimeSpan.FromMilliseconds(200));
        await cluster.KubectlOkAsync("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "-n", ns);

        await AvailableAsync(ns, 2);
        await cluster.KubectlOkAsync("scale", "deployment/web", "--replicas=4", "-n", ns);
        var text = await AvailableAsync(ns, 4);
        Assert.Contains($"kube_deployment_spec_replicas{{namespace=\"{ns}\",deployment=\"web\"}} 4\n", text, StringComparison.Ordinal);
        await cluster.KubectlOkAsync("scale", "deployment/web", "--replicas=1", "-n", ns);
        text = await AvailableAsync(ns, 1);
        Assert.Contains($"kube_deployment_status_replicas{{namespace=\"{ns}\",deployment=\"web\"}} 1\n", text, StringComparison.Ordinal);
    }

    /// <summary>The cluster-state scrape once it says <paramref name="replicas"/> are available (30 s at most).</summary>
    private async Task<string> AvailableAsync(string ns, int replicas)
    {
        var series = new Regex($"(?m)^kube_deployment_status_replicas_available\\{{namespace=\"{Regex.Escape(ns)}\",deployment=\"web\"\\}} (\\S+)$");
        var text = "";
        await Eventually.HoldsAsync(async () =>
        {
            text = await fixture.Cluster.Client.GetStringAsync("/metrics/cluster-state");
            return series.Match(text) is { Success: true } m && double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == replicas;
        }, () => Task.FromResult($"no {replicas} available replicas in:\n" + string.Join('\n', text.Split('\n').Where(l => l.Contains(ns, StringComparison.Ordinal) && l.StartsWith("kube_deployment", StringComparison.Ordinal)))));
        return text;
    }
}
