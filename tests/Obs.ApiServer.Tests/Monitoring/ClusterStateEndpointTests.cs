using Obs.Testing;

namespace Obs.ApiServer.Tests.Monitoring;

/// <summary>/metrics/cluster-state on the real apiserver: its lines follow the watch cache's objects as they change and go.</summary>
public sealed class ClusterStateEndpointTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task PodLinesFollowItsStatusAndGoWithIt()
    {
        const string pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"ksm-pod"},"spec":{"containers":[{"name":"c","image":"x"}]}}""";
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", pod)).Code);
        await cluster.SendAsync(HttpMethod.Get, "/api/v1/pods"); // the cache holds it once a list shows it
        Assert.Matches("kube_pod_status_phase\\{namespace=\"default\",pod=\"ksm-pod\",uid=\"[^\"]+\",phase=\"Pending\"\\} 1\n",
            await cluster.Client.GetStringAsync("/metrics/cluster-state"));

        const string running = """{"status":{"phase":"Running"}}""";
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/pods/ksm-pod/status", running, "application/merge-patch+json")).Code);
        await cluster.SendAsync(HttpMethod.Get, "/api/v1/pods");
        Assert.Matches("kube_pod_status_phase\\{namespace=\"default\",pod=\"ksm-pod\",uid=\"[^\"]+\",phase=\"Running\"\\} 1\n",
            await cluster.Client.GetStringAsync("/metrics/cluster-state"));

        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/pods/ksm-pod")).Code);
        await cluster.SendAsync(HttpMethod.Get, "/api/v1/pods");
        Assert.DoesNotContain("pod=\"ksm-pod\"", await cluster.Client.GetStringAsync("/metrics/cluster-state"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplicationControllersLimitRangesAndNetworkPoliciesHaveTheirFamilies()
    {
        const string rc = """{"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"ksm-rc"},"spec":{"replicas":0,"selector":{"app":"ksm-rc"},"template":{"metadata":{"labels":{"app":"ksm-rc"}},"spec":{"containers":[{"name":"c","image":"x"}]}}}}""";
        const string limits = """{"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"ksm-limits"},"spec":{"limits":[{"type":"Container","max":{"cpu":"2"}}]}}""";
        const string policy = """{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"ksm-policy"},"spec":{"podSelector":{},"ingress":[{}]}}""";
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/replicationcontrollers", rc)).Code);
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/limitranges", limits)).Code);
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/apis/networking.k8s.io/v1/namespaces/default/networkpolicies", policy)).Code);
        // The cache holds each once a list shows it.
        await cluster.SendAsync(HttpMethod.Get, "/api/v1/replicationcontrollers");
        await cluster.SendAsync(HttpMethod.Get, "/api/v1/limitranges");
        await cluster.SendAsync(HttpMethod.Get, "/apis/networking.k8s.io/v1/networkpolicies");

        var text = await cluster.Client.GetStringAsync("/metrics/cluster-state");

        Assert.Contains("kube_replicationcontroller_spec_replicas{namespace=\"default\",replicationcontroller=\"ksm-rc\"} 0\n", text, StringComparison.Ordinal);
        Assert.Matches("kube_replicationcontroller_created\\{namespace=\"default\",replicationcontroller=\"ksm-rc\"\\} [0-9.e+]+\n", text);
        Assert.Contains("kube_limitrange{namespace=\"default\",limitrange=\"ksm-limits\",resource=\"cpu\",type=\"Container\",constraint=\"max\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("kube_networkpolicy_spec_ingress_rules{namespace=\"default\",networkpolicy=\"ksm-policy\"} 1\n", text, StringComparison.Ordinal);

        // The limits would apply to the other tests' pods in this namespace.
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/limitranges/ksm-limits")).Code);
    }

    [Fact]
    public async Task PrometheusGetsOpenMetricsToTheEof()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics/cluster-state");
        request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        using var response = await cluster.Client.SendAsync(request);

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE kube_pod_container_status_restarts counter\n", text, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
    }
}
