using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.NodeAgent.Pods;
using Obs.Client.Rest;
using Obs.NodeAgent.Tests.Agent;
using Obs.NodeAgent.Tests.Metrics;

namespace Obs.NodeAgent.Tests.Pods;

/// <summary>
/// Pods share their node's network, so replicas on one node that declare the same containerPort
/// cannot all have it: the agent gives the others free ports. Their Service and their probes must
/// then reach each replica where it listens, with the real controllers and scheduler.
/// </summary>
public sealed class ReplicasOnOneNodeTests(AutoscalingCluster cluster) : IClassFixture<AutoscalingCluster>
{
    /// <summary>Answers every GET with its pod's name, on the port the agent gave it.</summary>
    private const string Server = "import http.server,os\n" +
        "class H(http.server.BaseHTTPRequestHandler):\n" +
        "  def do_GET(s):\n" +
        "    b=os.environ['POD'].encode()\n" +
        "    s.send_response(200); s.send_header('Content-Length', str(len(b))); s.end_headers(); s.wfile.write(b)\n" +
        "  def log_message(s,*a): pass\n" +
        "http.server.HTTPServer(('0.0.0.0', int(os.environ['PORT'])), H).serve_forever()";

    [Fact]
    public async Task EachReplicaOfADeploymentIsReachedThroughItsServiceWhereItListens()
    {
        var agent = cluster.Agent;
        var ns = await agent.NamespaceAsync();
        var port = HostPorts.FreePort();
        var endpoints = await DeployAsync(ns, port, 3, _ => { });
        var slices = (await agent.Client.ListAsync(ResourceTypes.EndpointSlice, ns)).Items;
        var pods = (await agent.Client.ListAsync(ResourceTypes.Pod, ns)).Items;
        string State() => $"endpoints {string.Join(", ", endpoints)}; slices {string.Join(" ", slices.Select(s => s.ToJsonString()))}; pods {string.Join(" ", pods.Select(p => $"{p.StringAt("metadata", "name")} {p.StringAt("metadata", "annotations", AssignedPorts.Annotation)}"))}";
        Assert.True(endpoints.Count == 3, $"three ready endpoints; {State()}");
        Assert.True(endpoints.Select(e => e.Port).Distinct().Count() == 3, $"three ports; {State()}");
        Assert.Contains(endpoints, e => e.Port == port);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var (pod, address, endpointPort) in endpoints)
        {
            Assert.Equal(pod, await http.GetStringAsync($"http://{address}:{endpointPort}/"));
        }
        // The two replicas that were moved say where, on themselves, and in an event `kubectl describe pod` shows.
        Assert.Equal(2, pods.Count(p => p.StringAt("metadata", "annotations", AssignedPorts.Annotation) is not null));
        var events = (await agent.Client.ListAsync(ResourceTypes.Event, ns)).Items.Where(e => e.StringAt("reason") == "PortMoved").ToList();
        Assert.Equal(2, events.Select(e => e.StringAt("involvedObject", "name")).Distinct().Count());
        Assert.All(events, e => Assert.Contains($"{port} (http; held by another pod) → ", e.StringAt("message"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AVariableThatSaysTheDeclaredPortSaysTheMovedOne()
    {
        // As many manifests do: the app reads its port from PORT, set in the manifest to the containerPort.
        var ns = await cluster.Agent.NamespaceAsync();
        var port = HostPorts.FreePort();
        var endpoints = await DeployAsync(ns, port, 2, container =>
            ((JsonArray)container["env"]!).Add(new JsonObject { ["name"] = "PORT", ["value"] = port.ToString(CultureInfo.InvariantCulture) }));
        if (!(endpoints.Count == 2 && endpoints.Select(e => e.Port).Distinct().Count() == 2))
        {
            var pods = (await cluster.Agent.Client.ListAsync(ResourceTypes.Pod, ns)).Items;
            var events = (await cluster.Agent.Client.ListAsync(ResourceTypes.Event, ns)).Items;
            Assert.Fail($"endpoints {string.Join(", ", endpoints)}; pods {string.Join(" ", pods.Select(p => p["status"]?.ToJsonString()))}; events {string.Join(" | ", events.Select(e => e.StringAt("message")))}");
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var (pod, address, endpointPort) in endpoints) Assert.Equal(pod, await http.GetStringAsync($"http://{address}:{endpointPort}/"));
    }

    [Fact]
    public async Task APortGivenOnTheCommandLineSaysTheMovedOne()
    {
        // As `python3 -m http.server 8000` does: the app takes its port from its arguments, written as the containerPort.
        var ns = await cluster.Agent.NamespaceAsync();
        var port = HostPorts.FreePort();
        var endpoints = await DeployAsync(ns, port, 2, container =>
        {
            container["command"]![2] = Server.Replace("int(os.environ['PORT'])", "int(__import__('sys').argv[1])", StringComparison.Ordinal);
            ((JsonArray)container["command"]!).Add(port.ToString(CultureInfo.InvariantCulture));
        });
        Assert.True(endpoints.Count == 2 && endpoints.Select(e => e.Port).Distinct().Count() == 2, $"two replicas on ports of their own: {string.Join(", ", endpoints)}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var (pod, address, endpointPort) in endpoints) Assert.Equal(pod, await http.GetStringAsync($"http://{address}:{endpointPort}/"));
    }

    /// <summary>
    /// A Deployment of <paramref name="replicas"/> replicas of <see cref="Server"/> declaring <paramref name="port"/>, and its
    /// Service; returns the ready endpoints once each replica is there once, on a port of its own (or what there is after 90 s).
    /// </summary>
    private async Task<List<(string Pod, string Address, long Port)>> DeployAsync(string ns, int port, int replicas, Action<JsonObject> changeContainer)
    {
        var agent = cluster.Agent;
        var deployment = JsonNode.Parse(Fill("""
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "NS"},
             "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
              "template": {"metadata": {"labels": {"app": "web"}},
               "spec": {"terminationGracePeriodSeconds": 1, "containers": [{"name": "main", "image": "python:3", "command": ["python3", "-c", ""],
                 "env": [{"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
                 "ports": [{"containerPort": PORT, "name": "http"}],
                 "readinessProbe": {"httpGet": {"path": "/", "port": PORT}, "periodSeconds": 1}}]}}}}
            """, ns, port))!.AsObject();
        deployment["spec"]!["replicas"] = replicas;
        var container = (JsonObject)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        container["command"]![2] = Server;
        changeContainer(container);
        await agent.Client.CreateAsync(ResourceTypes.Deployment, deployment);
        await agent.Client.CreateAsync(ResourceTypes.Service, JsonNode.Parse(Fill("""
            {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "NS"},
             "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": PORT}]}}
            """, ns, port))!.AsObject());

        List<(string Pod, string Address, long Port)> endpoints = [];
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            // Read while the controller may still be rewriting the slices: wait for every replica, each once, on ports of their own.
            endpoints = await ReadyEndpointsAsync(ns, "web");
            if (endpoints.Count == replicas && endpoints.Select(e => e.Pod).Distinct().Count() == replicas && endpoints.Select(e => e.Port).Distinct().Count() == replicas) break;
            await Task.Delay(250);
        }
        return endpoints;
    }

    [Fact]
    public async Task AReadinessProbeByPortNumberReachesThePortItsContainerWasGiven()
    {
        var agent = cluster.Agent;
        var ns = await agent.NamespaceAsync();
        var port = HostPorts.FreePort();
        var server = JsonNode.Parse(Fill("""
            {"metadata": {"name": "serving"}, "spec": {"terminationGracePeriodSeconds": 1, "containers": [{"name": "main", "command": ["python3", "-c", ""],
              "env": [{"name": "POD", "value": "serving"}], "ports": [{"containerPort": PORT}]}]}}
            """, ns, port))!.AsObject();
        server["spec"]!["containers"]![0]!["command"]![2] = Server;
        await agent.CreatePodAsync(ns, server.ToJsonString());
        await agent.WaitForPodAsync(ns, "serving", p => AgentCluster.Phase(p) == "Running", "Running");

        // Declares the same port but never listens: its probe must not be answered by the other pod's server.
        await agent.CreatePodAsync(ns, Fill("""
            {"metadata": {"name": "silent"}, "spec": {"terminationGracePeriodSeconds": 1, "containers": [{"name": "main", "command": ["sleep", "600"],
              "ports": [{"containerPort": PORT}], "readinessProbe": {"httpGet": {"path": "/", "port": PORT}, "periodSeconds": 1}}]}}
            """, ns, port));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonObject? failed = null;
        while (DateTime.UtcNow < deadline && failed is null)
        {
            failed = (await agent.Client.ListAsync(ResourceTypes.Event, ns)).Items.FirstOrDefault(e =>
                e.StringAt("involvedObject", "name") == "silent" && e.StringAt("reason") == "Unhealthy");
            if (failed is null) await Task.Delay(250);
        }
        var pod = await agent.Client.GetAsync(ResourceTypes.Pod, ns, "silent");
        Assert.True(failed is not null, $"a failed readiness probe on the silent pod; its status: {pod["status"]?.ToJsonString()}");
        var moved = AssignedPorts.Resolve(pod, port);
        Assert.NotEqual(port, moved);
        Assert.Contains(moved.ToString(CultureInfo.InvariantCulture), failed!.StringAt("message"));
        Assert.False(AgentCluster.Status(pod, "main")?.BoolAt("ready") ?? false);
    }

    private static string Fill(string json, string ns, int port) =>
        json.Replace("NS", ns, StringComparison.Ordinal).Replace("PORT", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private async Task<List<(string Pod, string Address, long Port)>> ReadyEndpointsAsync(string ns, string service)
    {
        var slices = await cluster.Agent.Client.ListAsync(ResourceTypes.EndpointSlice, ns, new ListOptions { LabelSelector = $"kubernetes.io/service-name={service}" });
        return [.. slices.Items.SelectMany(slice =>
            (slice["endpoints"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(e => e.BoolAt("conditions", "ready") == true)
                .Select(e => (e.StringAt("targetRef", "name") ?? "", e["addresses"]![0]!.GetValue<string>(), slice["ports"]![0].LongAt("port") ?? 0)))];
    }
}
