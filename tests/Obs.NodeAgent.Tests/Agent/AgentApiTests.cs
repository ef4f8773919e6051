using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.NodeAgent.Api;

namespace Obs.NodeAgent.Tests.Agent;

/// <summary>The agent API itself: TLS with the pinned certificate, /healthz open, everything else behind a bearer token the agent checks.</summary>
public sealed class AgentApiTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    private HttpClient Client(string? token) => agent.AgentClient(token);

    [Fact]
    public async Task HealthzIsOpenAndTheRestNeedsAToken()
    {
        using var anonymous = Client(null);
        Assert.Equal("ok", await anonymous.GetStringAsync("/healthz"));
        using var none = await anonymous.GetAsync("/pods");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        using var bogus = Client("not-a-token");
        using var rejected = await bogus.GetAsync("/pods");
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        using var rejectedLogs = await bogus.GetAsync("/containerLogs/default/x/main");
        Assert.Equal(HttpStatusCode.Unauthorized, rejectedLogs.StatusCode);
    }

    [Fact]
    public async Task PodsListsThePodsThisAgentRuns()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"listed"},"spec":{"containers":[{"name":"main","command":["sleep","3600"]}]}}""");
        await agent.WaitForPodAsync(ns, "listed", p => AgentCluster.Phase(p) == "Running", "Running");
        using var client = Client(agent.Options.Cluster.Token);
        var list = JsonNode.Parse(await client.GetStringAsync("/pods"))!;
        Assert.Equal("PodList", list.StringAt("kind"));
        Assert.Contains(((JsonArray)list["items"]!).OfType<JsonObject>(), p => ObjectMeta.Name(p) == "listed" && ObjectMeta.Namespace(p) == ns);
        using var missing = await client.GetAsync($"/containerLogs/{ns}/nope/main");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await agent.Cluster.KubectlOkAsync("delete", "pod", "listed", "-n", ns, "--grace-period=1");
    }

    [Fact]
    public async Task NodeCarriesThePinOfTheServingCertificate()
    {
        var node = await agent.Client.GetAsync(Obs.Api.Resources.ResourceTypes.Node, null, agent.NodeName);
        Assert.Equal(agent.Agent.CertificatePin, node.StringAt("metadata", "annotations", Obs.NodeAgent.Node.NodeHeartbeat.ServingCertAnnotation));
        Assert.Equal(64, agent.Agent.CertificatePin.Length);
    }

    [Fact]
    public async Task MetricsPathsServeTheAgentAndTheNodeBehindTheToken()
    {
        var ns = await agent.NamespaceAsync();
        var uid = ObjectMeta.Uid(await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"counted"},"spec":{"containers":[{"name":"main","command":["sleep","3600"],
              "readinessProbe":{"exec":{"command":["true"]},"periodSeconds":1}}]}}
            """));
        await agent.WaitForPodAsync(ns, "counted", p => AgentCluster.Status(p, "main")?.BoolAt("ready") == true, "Ready");
        using (var anonymous = Client(null))
        using (var refused = await anonymous.GetAsync("/metrics/node"))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var client = Client(agent.Options.Cluster.Token);
        var own = await client.GetStringAsync("/metrics");
        Assert.Contains($"kubelet_node_name{{node=\"{agent.NodeName}\"}} 1", own);
        Assert.Matches(@"(?m)^kubelet_running_pods [1-9]", own);
        Assert.Matches(@"(?m)^kubelet_running_containers\{container_state=""running""\} [1-9]", own);
        var probeSeries = $"prober_probe_total{{container=\"main\",namespace=\"{ns}\",pod=\"counted\",pod_uid=\"{uid}\",probe_type=\"Readiness\",result=\"successful\"}} ";
        Assert.Contains(probeSeries, own);
        Assert.Matches(@"(?m)^kubelet_pod_start_duration_seconds_count [1-9]", own);
        // The pod is Ready, so its Running status was stored: every stage of its start has been passed.
        foreach (var stage in new[] { "sync_started", "sandbox_created", "volumes_prepared", "containers_started", "status_running_written" })
            Assert.Matches($@"(?m)^obs_agent_pod_start_stage_seconds_count\{{stage=""{stage}""\}} [1-9]", own);
        Assert.Matches(@"(?m)^kubelet_runtime_operations_total\{operation_type=""start_container""\} [1-9]", own);
        Assert.Matches(@"(?m)^kubelet_runtime_operations_duration_seconds_bucket\{operation_type=""run_podsandbox"",le=""0.005""\} ", own);
        Assert.Matches(@"(?m)^process_resident_memory_bytes [1-9]", own);
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", own);
        var node = await client.GetStringAsync("/metrics/node");
        Assert.Contains("node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}", node);
        Assert.Contains("node_scrape_collector_success{collector=\"meminfo\"} 1", node);
        await Obs.Testing.Promtool.AssertMetricsCleanAsync(own);
        await Obs.Testing.Promtool.AssertMetricsCleanAsync(node);
        var containers = await client.GetStringAsync("/metrics/cadvisor");
        await Obs.Testing.Promtool.AssertMetricsCleanAsync(containers);
        if (agent.Agent.Capabilities!.EnforcesLimits)
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(containers,
                $"(?m)^container_cpu_usage_seconds_total{{container=\"main\",cpu=\"total\",id=\"/obs[^\"]+/main\",image=\"[^\"]*\",namespace=\"{ns}\",pod=\"counted\"}} "), containers);
        else
            Console.WriteLine("cgroups are not usable here: no container series expected");

        // Prometheus asks for gzip; the body then arrives compressed and decodes to the same families.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics/node");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var zipped = await client.SendAsync(request);
        Assert.Equal("gzip", Assert.Single(zipped.Content.Headers.ContentEncoding));
        await using var unzip = new System.IO.Compression.GZipStream(await zipped.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        Assert.Contains("node_memory_MemTotal_bytes", await new StreamReader(unzip).ReadToEndAsync());
        await agent.Cluster.KubectlOkAsync("delete", "pod", "counted", "-n", ns, "--grace-period=1", "--wait=true");
        // The pod has gone from the node: so have its probe series, as the kubelet deletes them.
        var after = await client.GetStringAsync("/metrics");
        Assert.DoesNotContain($"pod_uid=\"{uid}\"", after);
        await Obs.Testing.Promtool.AssertMetricsCleanAsync(after);
    }

    [Fact]
    public async Task PodsInTheirOwnMountNamespaceResolveThroughTheClusterDns()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"resolver"},"spec":{"containers":[{"name":"main","command":["sh","-c","cat /etc/resolv.conf; sleep 3600"]}]}}""");
        await agent.WaitForPodAsync(ns, "resolver", p => AgentCluster.Phase(p) == "Running", "Running");
        string logs = "";
        for (var i = 0; i < 50 && !logs.Contains("options", StringComparison.Ordinal); i++)
        {
            logs = await agent.Cluster.KubectlOkAsync("logs", "resolver", "-n", ns);
            await Task.Delay(100);
        }
        if (agent.Agent.Capabilities!.IsolatesPods)
        {
            Assert.Contains("nameserver 127.77.0.10", logs);
            Assert.Contains($"search {ns}.svc.cluster.local svc.cluster.local cluster.local", logs);
            Assert.Contains("options ndots:5", logs);
            Assert.DoesNotContain("127.77.0.10", File.ReadAllText("/etc/resolv.conf"));
        }
        else Console.WriteLine("pods share the node's mount namespace here: they keep the node's resolv.conf");
        await agent.Cluster.KubectlOkAsync("delete", "pod", "resolver", "-n", ns, "--grace-period=1");
    }
}
