using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.NodeAgent.Agent;
using Obs.NodeAgent.Tests.Dns;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Agent;

/// <summary>What the agent's parts log reaches the logger the agent was given: a real apiserver and agent.</summary>
public sealed class AgentLoggingTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task AServiceAddressTheProxyCannotListenOnIsWarnedInTheAgentsLog()
    {
        using var client = new ApiClient(KubeconfigFile.Load(cluster.Kubeconfig));
        // An address of the service range held by someone else: the proxy cannot take it and says so.
        var address = IPAddress.Parse($"127.77.{Random.Shared.Next(200, 250)}.{Random.Shared.Next(2, 250)}");
        using var holder = new TcpListener(address, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        await client.CreateAsync(ResourceTypes.Service, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = "taken", ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["clusterIP"] = address.ToString(),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "tcp", ["port"] = port, ["protocol"] = "TCP" }),
            },
        });
        var log = new ListLogger();
        var state = Path.Combine(Path.GetTempPath(), $"obs-agent-{Guid.NewGuid():N}");
        await using var agent = await NodeAgentHost.StartAsync(new NodeAgentOptions
        {
            Cluster = KubeconfigFile.Load(cluster.Kubeconfig),
            NodeName = $"node-{Guid.NewGuid().ToString("N")[..8]}",
            StateDirectory = state,
            Port = 0,
            Address = "127.0.0.1",
            Ingress = null,
            ClusterDns = null,
        }, log);
        try
        {
            var wanted = $"Cannot listen on {address}:{port}";
            await AgentProcess.WaitAsync(() => Task.FromResult(log.Lines.Any(l => l.StartsWith("Warning: ", StringComparison.Ordinal) && l.Contains(wanted, StringComparison.Ordinal))),
                $"the proxy's warning about {address}:{port} in the agent's log", seconds: 30);
            // The reason in one line, without the exception's stack trace.
            var warning = log.Lines.First(l => l.Contains(wanted, StringComparison.Ordinal));
            Assert.Contains("Address already in use", warning);
            Assert.DoesNotContain(" at System.", warning);
        }
        finally
        {
            try { Directory.Delete(state, recursive: true); } catch (IOException) { }
        }
    }
}
