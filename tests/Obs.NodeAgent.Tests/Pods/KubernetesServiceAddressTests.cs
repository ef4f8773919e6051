using System.Net;
using System.Text.Json.Nodes;
using Obs.NodeAgent.Pods;

namespace Obs.NodeAgent.Tests.Pods;

/// <summary>Pods are told the <c>kubernetes</c> Service's cluster IP only while the node's proxy forwards it; otherwise the apiserver's own address.</summary>
public sealed class KubernetesServiceAddressTests
{
    private static readonly JsonObject Service = (JsonObject)JsonNode.Parse("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"kubernetes","namespace":"default"},
         "spec":{"clusterIP":"127.77.0.1","ports":[{"name":"https","port":443,"protocol":"TCP","targetPort":6443}]}}
        """)!;

    private static readonly Uri ApiServer = new("https://127.0.0.1:6443");

    private static async Task<Dictionary<string, string>> EnvironmentAsync(Func<Uri?> kubernetesService)
    {
        using var client = OfflineContext.UnreachableClient();
        var resolver = new EnvironmentResolver(client, "127.0.0.1", 1000, 1L << 30, apiServer: ApiServer) { KubernetesService = kubernetesService };
        var pod = (JsonObject)JsonNode.Parse("""{"metadata":{"name":"p","namespace":"default"},"spec":{"enableServiceLinks":false,"containers":[{"name":"c"}]}}""")!;
        var env = await resolver.ResolveAsync(pod, (JsonObject)pod["spec"]!["containers"]![0]!, [], CancellationToken.None);
        return env.ToDictionary(e => e.Key, e => e.Value);
    }

    [Fact]
    public async Task AForwardedServiceIsWhatPodsAreTold()
    {
        var env = await EnvironmentAsync(() => KubernetesServiceAddress.Find(Service, (ip, port) => ip.Equals(IPAddress.Parse("127.77.0.1")) && port == 443));

        Assert.Equal("127.77.0.1", env["KUBERNETES_SERVICE_HOST"]);
        Assert.Equal("443", env["KUBERNETES_SERVICE_PORT"]);
        Assert.Equal("443", env["KUBERNETES_SERVICE_PORT_HTTPS"]);
    }

    [Fact]
    public async Task AServiceTheProxyDoesNotForwardLeavesPodsDialingTheApiserver()
    {
        var env = await EnvironmentAsync(() => KubernetesServiceAddress.Find(Service, (_, _) => false));

        Assert.Equal("127.0.0.1", env["KUBERNETES_SERVICE_HOST"]);
        Assert.Equal("6443", env["KUBERNETES_SERVICE_PORT"]);
    }

    [Fact]
    public void NoServiceOrNoClusterIpIsNoAddress()
    {
        var headless = (JsonObject)Service.DeepClone();
        headless["spec"]!["clusterIP"] = "None";

        Assert.Null(KubernetesServiceAddress.Find(null, (_, _) => true));
        Assert.Null(KubernetesServiceAddress.Find(headless, (_, _) => true));
    }
}
