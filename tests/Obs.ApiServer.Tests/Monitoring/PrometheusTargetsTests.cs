using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Monitoring;

/// <summary>Prometheus' http_sd_configs against the real apiserver: target groups per job from the cluster's objects.</summary>
public sealed class PrometheusTargetsTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private async Task<JsonArray> TargetsAsync(string job)
    {
        var (code, body) = await cluster.SendAsync(HttpMethod.Get, $"/prometheus/targets/{job}");
        Assert.Equal(200, code);
        return body!.AsArray();
    }

    [Fact]
    public async Task NodeAgentsAreTargetsOfTheNodeKubeletAndCadvisorJobs()
    {
        const string node = """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"sd-node"},
             "status":{"addresses":[{"type":"Hostname","address":"h"},{"type":"InternalIP","address":"127.0.0.5"}],
                       "daemonEndpoints":{"kubeletEndpoint":{"Port":10555}}}}
            """;
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/nodes", node)).Code);
        await cluster.SendAsync(HttpMethod.Get, "/api/v1/nodes"); // the cache holds it once a list shows it

        var groups = await TargetsAsync("node");
        var group = Assert.Single(groups, g => g!["labels"]!["node"]!.GetValue<string>() == "sd-node")!;
        Assert.Equal("""["127.0.0.5:10555"]""", group["targets"]!.ToJsonString());
        Assert.Equal("/metrics/node", group["labels"]!["__metrics_path__"]!.GetValue<string>());
        Assert.Equal("https", group["labels"]!["__scheme__"]!.GetValue<string>());
        Assert.Contains(await TargetsAsync("kubelet"), g => g!["labels"]!["__metrics_path__"]!.GetValue<string>() == "/metrics" && g["labels"]!["node"]!.GetValue<string>() == "sd-node");
        Assert.Contains(await TargetsAsync("cadvisor"), g => g!["labels"]!["__metrics_path__"]!.GetValue<string>() == "/metrics/cadvisor");
    }

    [Fact]
    public async Task TheApiserverNamesItselfByTheAddressPrometheusUsed()
    {
        var group = Assert.Single(await TargetsAsync("apiserver"))!;
        Assert.Equal($"""["127.0.0.1:{cluster.Host.Port}"]""", group["targets"]!.ToJsonString());
        Assert.Equal("/metrics/cluster-state", Assert.Single(await TargetsAsync("kube-state-metrics"))!["labels"]!["__metrics_path__"]!.GetValue<string>());
    }

    [Fact]
    public async Task OnlyRunningPodsThatAskToBeScrapedAreTargets()
    {
        foreach (var (name, scrape) in new[] { ("sd-scraped", "true"), ("sd-quiet", "false") })
        {
            var pod = $$$"""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","annotations":{"prometheus.io/scrape":"{{{scrape}}}","prometheus.io/path":"/stats"}},
                 "spec":{"containers":[{"name":"main","image":"x","ports":[{"containerPort":8081}]}]}}
                """;
            Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", pod)).Code);
            const string status = """{"status":{"phase":"Running","podIP":"127.0.0.9"}}""";
            Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/default/pods/{name}/status", status, "application/merge-patch+json")).Code);
        }
        await cluster.SendAsync(HttpMethod.Get, "/api/v1/pods");
        var group = Assert.Single(await TargetsAsync("kubernetes-pods"))!;
        Assert.Equal("""["127.0.0.9:8081"]""", group["targets"]!.ToJsonString());
        Assert.Equal("/stats", group["labels"]!["__metrics_path__"]!.GetValue<string>());
        Assert.Equal("sd-scraped", group["labels"]!["pod"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnknownJobIsNotFound() => Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, "/prometheus/targets/nope")).Code);

    [Fact]
    public async Task ClusterStateMetricsFollowTheObjects()
    {
        const string deployment = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"ksm-web"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"ksm-web"}},"template":{"metadata":{"labels":{"app":"ksm-web"}},"spec":{"containers":[{"name":"c","image":"x"}]}}}}
            """;
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", deployment)).Code);
        await cluster.SendAsync(HttpMethod.Get, "/apis/apps/v1/deployments");
        var text = await cluster.Client.GetStringAsync("/metrics/cluster-state");
        Assert.Contains("kube_deployment_spec_replicas{namespace=\"default\",deployment=\"ksm-web\"} 3", text);
        Assert.Contains("kube_namespace_status_phase{namespace=\"kube-system\",phase=\"Active\"} 1", text);
        await Promtool.AssertMetricsCleanAsync(text);

        const string scale = """{"spec":{"replicas":5}}""";
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/ksm-web", scale, "application/merge-patch+json")).Code);
        await cluster.SendAsync(HttpMethod.Get, "/apis/apps/v1/deployments");
        Assert.Contains("kube_deployment_spec_replicas{namespace=\"default\",deployment=\"ksm-web\"} 5", await cluster.Client.GetStringAsync("/metrics/cluster-state"));
    }
}
