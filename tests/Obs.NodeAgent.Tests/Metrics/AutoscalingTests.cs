using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.NodeAgent.Tests.Metrics;

/// <summary>
/// The whole loop with real processes and the real kubectl: a Deployment whose pod spins on its
/// CPU, <c>kubectl autoscale</c>, the agent's usage scraped into metrics.k8s.io, and the HPA
/// controller scaling the Deployment up to its maximum, shown by <c>kubectl get hpa</c>.
/// </summary>
public sealed class AutoscalingTests(AutoscalingCluster cluster) : IClassFixture<AutoscalingCluster>
{
    [Fact]
    public async Task ABusyDeploymentIsScaledUpByKubectlAutoscale()
    {
        var agent = cluster.Agent;
        var ns = await agent.NamespaceAsync();
        await agent.Cluster.KubectlWithInputAsync("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: busy}
            spec:
              replicas: 1
              selector: {matchLabels: {app: busy}}
              template:
                metadata: {labels: {app: busy}}
                spec:
                  containers:
                  - name: spin
                    image: busybox
                    command: ["sh", "-c", "while :; do :; done"]
                    resources:
                      requests: {cpu: 50m}
                      limits: {cpu: 200m}
            """, "apply", "-n", ns, "-f", "-");
        var autoscale = await agent.Cluster.KubectlAsync("autoscale", "deployment", "busy", "-n", ns, "--cpu-percent=50", "--min=1", "--max=3");
        Assert.True(autoscale.ExitCode == 0, autoscale.ToString());

        // Sync every 15 s, a usage rate after two scrapes 15 s apart: allow a few minutes on a busy machine.
        JsonObject? deployment = null;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            deployment = await agent.Client.GetAsync(ResourceTypes.Deployment, ns, "busy");
            if (deployment.LongAt("spec", "replicas") == 3) break;
            await Task.Delay(1000);
        }
        var hpa = await agent.Cluster.KubectlAsync("get", "hpa", "busy", "-n", ns);
        Assert.True(deployment.LongAt("spec", "replicas") == 3, $"the deployment was not scaled to 3:\n{hpa}\n{(await agent.Cluster.KubectlAsync("describe", "hpa", "busy", "-n", ns)).StdOut}");

        // Something like "busy   Deployment/busy   cpu: 398%/50%   1   3   3   2m".
        Assert.Matches(@"busy\s+Deployment/busy\s+cpu: \d+%/50%\s+1\s+3\s+\d", hpa.StdOut);
        var status = await agent.Client.GetAsync(ResourceTypes.HorizontalPodAutoscaler, ns, "busy");
        Assert.Equal(3, status.LongAt("status", "desiredReplicas"));
        var conditions = ((JsonArray)status.At("status", "conditions")!).OfType<JsonObject>().ToDictionary(c => c.StringAt("type")!, c => c.StringAt("reason"));
        Assert.Equal("ValidMetricFound", conditions["ScalingActive"]);
        Assert.NotNull(status.StringAt("status", "lastScaleTime"));
    }
}
