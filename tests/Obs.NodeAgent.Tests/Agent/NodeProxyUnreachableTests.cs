using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Agent;

/// <summary>
/// pods/log for a pod whose node has no agent: the apiserver answers a 503 Status saying so. The
/// apiserver runs as its own process here, because the in-process test cluster rightly fails any
/// test class that caused a 5xx, and this 503 is the point.
/// </summary>
public sealed class NodeProxyUnreachableTests
{
    [Fact]
    public async Task LogsOfAPodOnANodeWithoutAnAgentAnswerServiceUnavailable()
    {
        var database = await TestPostgres.CreateDatabaseAsync("proxy");
        await using var server = await ApiServerProcess.StartAsync(database);
        var dir = Path.Combine(Path.GetTempPath(), $"obs-proxy-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var kubeconfig = Path.Combine(dir, "kubeconfig");
            Obs.Cli.Cluster.Kubeconfig.Write(kubeconfig, server.Server, TestPki.Pki.CaCertFile, TestPki.Token);
            using var client = new ApiClient(KubeconfigFile.Load(kubeconfig));
            await client.CreateAsync(ResourceTypes.Node, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = new JsonObject { ["name"] = "ghost" } });
            await client.CreateAsync(ResourceTypes.Pod, (JsonObject)JsonNode.Parse("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"lost","namespace":"default"},"spec":{"nodeName":"ghost","containers":[{"name":"main","image":"busybox","command":["true"]}]}}
                """)!);

            var logs = await ProcessRunner.RunAsync("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(dir, "cache"), "logs", "lost"]);
            Assert.NotEqual(0, logs.ExitCode);
            Assert.Contains("node \"ghost\" is unreachable: no node agent is serving it, so log for pod \"lost\" cannot be reached", logs.StdErr);

            var error = await Assert.ThrowsAsync<ApiException>(() => client.GetSubresourceAsync(ResourceTypes.Pod, "default", "lost", "log"));
            Assert.Equal(503, error.Code);
            Assert.Equal("ServiceUnavailable", error.Reason);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
