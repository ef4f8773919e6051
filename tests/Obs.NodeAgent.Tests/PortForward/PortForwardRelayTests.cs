using System.Net;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.PortForward;

/// <summary>The agent's /portForward path as the apiserver calls it: behind the token, and a Status for each port it will not reach.</summary>
public sealed class PortForwardRelayTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    [Fact]
    public async Task RefusalsComeBackAsStatusesBeforeAnyUpgrade()
    {
        var ns = await agent.NamespaceAsync();
        var declared = Obs.Testing.FreePort.Next();
        await agent.CreatePodAsync(ns, $$$"""{"metadata":{"name":"idle"},"spec":{"containers":[{"name":"main","command":["sleep","3600"],"ports":[{"containerPort":{{{declared}}}},{"containerPort":5353,"protocol":"UDP"}]}]}}""");
        await agent.WaitForPodAsync(ns, "idle", p => AgentCluster.Phase(p) == "Running", "Running");

        using (var anonymous = Client(null))
        using (var refused = await anonymous.GetAsync($"/portForward/{ns}/idle?port={declared}"))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var client = Client(agent.Options.Cluster.Token);
        await AssertStatusAsync(client, $"/portForward/{ns}/idle?port=eighty", 400, "invalid port \"eighty\": a port is a number from 1 to 65535");
        await AssertStatusAsync(client, $"/portForward/{ns}/nope?port=80", 404, $"pod {ns}/nope is not running on node {agent.NodeName}");
        await AssertStatusAsync(client, $"/portForward/{ns}/idle?port=5353", 400, $"error forwarding port 5353 to pod {ns}/idle: port 5353 of the pod is UDP: port-forward carries TCP only");
        // Without the upgrade the port is still checked first, and the missing upgrade then named.
        await AssertStatusAsync(client, $"/portForward/{ns}/idle?port={declared}", 400, "port-forward needs Upgrade: tcp");
        await agent.Cluster.KubectlOkAsync("delete", "pod", "idle", "-n", ns, "--grace-period=1");
    }

    private static async Task AssertStatusAsync(HttpClient client, string path, int code, string message)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(code, (int)response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(message, status.StringAt("message"));
    }

    private HttpClient Client(string? token) => agent.AgentClient(token);
}
