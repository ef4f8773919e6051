using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Obs.NodeAgent.Api;
using Obs.NodeAgent.Tests.Agent;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Metrics;

/// <summary>
/// End to end with a real agent and the real kubectl: the agent serves the kubelet's
/// /metrics/resource, the apiserver scrapes it into metrics.k8s.io, and kubectl top shows a pod
/// that spins on its CPU limit.
/// </summary>
public sealed partial class ResourceMetricsTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    [Fact]
    public async Task KubectlTopPodShowsABusyPodUsingItsCpu()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"busy","labels":{"app":"busy"}},"spec":{"containers":[{"name":"spin","command":["sh","-c","while :; do :; done"],
              "resources":{"limits":{"cpu":"300m","memory":"64Mi"}}}]}}
            """);
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"calm"},"spec":{"containers":[{"name":"nap","command":["sleep","3600"]}]}}""");
        await agent.WaitForPodAsync(ns, "busy", p => AgentCluster.Phase(p) == "Running", "Running");
        await agent.WaitForPodAsync(ns, "calm", p => AgentCluster.Phase(p) == "Running", "Running");

        var text = await ResourceTextAsync();
        Assert.Matches($@"container_cpu_usage_seconds_total\{{container=""spin"",namespace=""{ns}"",pod=""busy""\}} \d", text);
        Assert.Contains("node_cpu_usage_seconds_total ", text);
        Assert.Contains("node_memory_working_set_bytes ", text);
        await Promtool.AssertMetricsCleanAsync(text);

        // The apiserver scrapes every 15 s and needs two scrapes for a rate: wait for the pod to appear.
        string? top = null;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var result = await agent.Cluster.KubectlAsync("top", "pod", "-n", ns, "--containers");
            top = result.StdOut;
            if (result.ExitCode == 0 && top.Contains("busy", StringComparison.Ordinal) && top.Contains("calm", StringComparison.Ordinal)) break;
            await Task.Delay(1000);
        }
        Assert.NotNull(top);
        var busy = CpuLine().Match(top!.Split('\n').FirstOrDefault(l => l.StartsWith("busy", StringComparison.Ordinal)) ?? "");
        Assert.True(busy.Success, $"kubectl top pod --containers did not show the busy pod:\n{top}");
        var millicores = int.Parse(busy.Groups["cpu"].Value, System.Globalization.CultureInfo.InvariantCulture);
        // It spins, held to 300m by its quota (the machine may be shared, so only a clear lower bound).
        Assert.InRange(millicores, 100, 330);
        var calm = CpuLine().Match(top.Split('\n').First(l => l.StartsWith("calm", StringComparison.Ordinal)));
        Assert.InRange(int.Parse(calm.Groups["cpu"].Value, System.Globalization.CultureInfo.InvariantCulture), 0, 20);

        var nodes = await agent.Cluster.KubectlOkAsync("top", "node", agent.NodeName);
        Assert.Matches($@"{agent.NodeName}\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%", nodes);
    }

    [GeneratedRegex(@"^\S+\s+\S+\s+(?<cpu>\d+)m\s+\d+Mi")]
    private static partial Regex CpuLine();

    private async Task<string> ResourceTextAsync()
    {
        var pin = agent.Agent.CertificatePin;
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && ServingCertificate.Pin(certificate) == pin },
        });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agent.Options.Cluster.Token);
        return await http.GetStringAsync($"https://127.0.0.1:{agent.Agent.Port}/metrics/resource");
    }
}
