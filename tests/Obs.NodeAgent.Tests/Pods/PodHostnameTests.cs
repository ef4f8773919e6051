using System.Text.Json.Nodes;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.Pods;

/// <summary>
/// The hostname inside a pod: <c>spec.hostname</c> when set (Indexed Jobs' peers find each other by it), the pod's
/// name otherwise, the machine's for a <c>hostNetwork</c> pod, as the kubelet gives it.
/// </summary>
public sealed class PodHostnameTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    [Theory]
    [InlineData("""{"metadata":{"name":"work-2-x7k2p"},"spec":{"hostname":"work-2","subdomain":"work"}}""", "work-2")]
    [InlineData("""{"metadata":{"name":"web-5d8f7-abcde"},"spec":{}}""", "web-5d8f7-abcde")]
    [InlineData("""{"metadata":{"name":"debugger"},"spec":{"hostNetwork":true,"hostname":"ignored"}}""", "machine")]
    public void TheHostnameIsTheSpecsThenThePodsNameAndAHostNetworkPodsIsTheMachines(string pod, string expected) =>
        Assert.Equal(expected, PodHostname.For((JsonObject)JsonNode.Parse(pod)!, JsonNode.Parse(pod)!["metadata"]!["name"]!.GetValue<string>(), "machine"));

    [Fact]
    public void ALongPodNameIsCutTo63CharactersWithoutATrailingDash() =>
        Assert.Equal(new string('a', 62), PodHostname.FromName(new string('a', 62) + "-" + new string('b', 10)));

    [Fact]
    public async Task AContainerSeesItsPodsSpecHostnameAndAHostNetworkContainerTheMachines()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, PrintingHostname("work-2-x7k2p", "\"hostname\":\"work-2\""));
        await agent.CreatePodAsync(ns, PrintingHostname("on-host", "\"hostNetwork\":true"));

        foreach (var (pod, expected) in new[] { ("work-2-x7k2p", "work-2"), ("on-host", System.Net.Dns.GetHostName()) })
        {
            await agent.WaitForPodAsync(ns, pod, p => AgentCluster.Phase(p) == "Succeeded", "Succeeded");
            Assert.Equal(expected, (await agent.Cluster.KubectlOkAsync("logs", "-n", ns, pod)).Trim());
        }
    }

    private static string PrintingHostname(string name, string spec) =>
        "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + spec + ",\"restartPolicy\":\"Never\"," +
        "\"containers\":[{\"name\":\"c\",\"command\":[\"/bin/sh\",\"-c\",\"cat /proc/sys/kernel/hostname\"]}]}}";
}
