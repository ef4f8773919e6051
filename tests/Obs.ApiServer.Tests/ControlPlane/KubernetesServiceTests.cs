using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Objects;
using Obs.ApiServer.ControlPlane;
using Obs.Testing;

namespace Obs.ApiServer.Tests.ControlPlane;

/// <summary>The <c>kubernetes</c> Service in <c>default</c>, as users find it with kubectl: made at start, kept, and listing the apiservers.</summary>
public sealed class KubernetesServiceTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string ServicePath = "/api/v1/namespaces/default/services/kubernetes";
    private const string SlicePath = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes";

    private async Task<JsonNode> EventuallyAsync(string path, Func<JsonNode, bool> condition, string what)
    {
        JsonNode? last = null;
        for (var i = 0; i < 300; i++)
        {
            var (code, body) = await cluster.SendAsync(HttpMethod.Get, path);
            if (code == 200 && condition(body!)) return body!;
            last = body;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"{what}; last seen: {last?.ToJsonString()}");
    }

    private Task<JsonNode> ServiceAsync() => EventuallyAsync(ServicePath, _ => true, "the kubernetes Service to exist");

    private static List<string> SliceAddresses(JsonNode slice) =>
        (slice["endpoints"] as JsonArray ?? []).SelectMany(e => e!["addresses"]!.AsArray().Select(a => a!.GetValue<string>())).ToList();

    [Fact]
    public async Task KubectlShowsTheServiceOnTheFirstClusterIpAtPort443()
    {
        await ServiceAsync();
        var table = await cluster.KubectlOkAsync("get", "svc", "kubernetes", "-n", "default");
        var row = table.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["kubernetes", "ClusterIP", "127.77.0.1", "<none>", "443/TCP"], row[..5]);

        var service = JsonNode.Parse(await cluster.KubectlOkAsync("get", "svc", "kubernetes", "-n", "default", "-o", "json"))!;
        Assert.Equal("apiserver", service["metadata"]!["labels"]!["component"]!.GetValue<string>());
        Assert.Equal("kubernetes", service["metadata"]!["labels"]!["provider"]!.GetValue<string>());
        Assert.Null(service["spec"]!["selector"]);
        var port = Assert.Single(service["spec"]!["ports"]!.AsArray())!;
        Assert.Equal("https", port["name"]!.GetValue<string>());
        Assert.Equal(cluster.Host.Port, port["targetPort"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheEndpointSliceAndEndpointsListThisApiserver()
    {
        var slice = await EventuallyAsync(SlicePath, s => SliceAddresses(s).Count > 0, "the slice to list the apiserver");
        Assert.Equal("kubernetes", slice["metadata"]!["labels"]!["kubernetes.io/service-name"]!.GetValue<string>());
        Assert.Equal("IPv4", slice["addressType"]!.GetValue<string>());
        Assert.Equal(["127.0.0.1"], SliceAddresses(slice));
        var port = Assert.Single(slice["ports"]!.AsArray())!;
        Assert.Equal("https", port["name"]!.GetValue<string>());
        Assert.Equal(cluster.Host.Port, port["port"]!.GetValue<int>());

        var endpoints = await cluster.KubectlOkAsync("get", "endpoints", "kubernetes", "-n", "default");
        Assert.Contains($"127.0.0.1:{cluster.Host.Port}", endpoints);

        // The replica's Lease is what lists it, named and labelled as kube-apiserver's identity Leases.
        var leases = await cluster.KubectlOkAsync("get", "leases", "-n", "kube-system", "-l", "apiserver.kubernetes.io/identity=kube-apiserver", "-o", "name");
        Assert.StartsWith("lease.coordination.k8s.io/apiserver-", Assert.Single(leases.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task ADeletedServiceComesBack()
    {
        var before = await ServiceAsync();
        await cluster.KubectlOkAsync("delete", "svc", "kubernetes", "-n", "default");
        var back = await EventuallyAsync(ServicePath, s => s["metadata"]!["uid"]!.GetValue<string>() != before["metadata"]!["uid"]!.GetValue<string>(),
            "the kubernetes Service to be made again");
        Assert.Equal("127.77.0.1", back["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnEditedServiceIsPutBackKeepingTheUsersOwnLabels()
    {
        await ServiceAsync();
        const string edit = """{"metadata":{"labels":{"team":"platform"}},"spec":{"selector":{"app":"x"},"ports":[{"name":"http","port":80,"targetPort":8080}]}}""";
        var (code, _) = await cluster.SendAsync(HttpMethod.Patch, ServicePath, edit, "application/merge-patch+json");
        Assert.Equal(200, code);
        var repaired = await EventuallyAsync(ServicePath, s => s["spec"]!["selector"] is null && s["spec"]!["ports"]![0]!["port"]!.GetValue<int>() == 443,
            "the edit to be undone");
        Assert.Equal("platform", repaired["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal(cluster.Host.Port, Assert.Single(repaired["spec"]!["ports"]!.AsArray())!["targetPort"]!.GetValue<int>());
    }

    [Fact]
    public async Task ADeletedEndpointSliceComesBack()
    {
        await EventuallyAsync(SlicePath, s => SliceAddresses(s).Count > 0, "the slice to list the apiserver");
        await cluster.KubectlOkAsync("delete", "endpointslice", "kubernetes", "-n", "default");
        var back = await EventuallyAsync(SlicePath, s => SliceAddresses(s).Count > 0, "the slice to be made again");
        Assert.Equal(["127.0.0.1"], SliceAddresses(back));
    }

    [Fact]
    public async Task NoOtherServiceMayTakeTheFirstClusterIp()
    {
        const string body = """{"metadata":{"name":"squatter"},"spec":{"clusterIP":"127.77.0.1","ports":[{"port":443}]}}""";
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", body);
        Assert.Equal(422, code);
        var cause = status!["details"]!["causes"]![0]!;
        Assert.Equal("spec.clusterIPs", cause["field"]!.GetValue<string>());
        Assert.Contains("reserved for the kubernetes Service", cause["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASecondReplicaIsListedWhileItRunsAndTakesItselfOutOnStop()
    {
        await EventuallyAsync(SlicePath, s => SliceAddresses(s).Count > 0, "the slice to list the first apiserver");
        // Another apiserver over the same database, on the same port at another loopback address.
        var options = TestCluster.Options(cluster.DatabaseUrl, cluster.Host.Port) with { Address = IPAddress.Parse("127.0.0.2") };
        var second = ApiServerHost.Create(options, logging => { });
        string lease;
        try
        {
            await second.StartAsync();
            await second.WaitReadyAsync();
            lease = (await second.Services.GetRequiredService<KubernetesServiceReconciler>().Identity).LeaseName;
            var both = await EventuallyAsync(SlicePath, s => SliceAddresses(s).Count == 2, "the slice to list both apiservers");
            Assert.Equal(["127.0.0.1", "127.0.0.2"], SliceAddresses(both));
        }
        finally
        {
            await second.DisposeAsync();
        }
        // Taken out by its own shutdown, not by its Lease running out.
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, $"/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/{lease}")).Code);
        await EventuallyAsync(SlicePath, s => SliceAddresses(s).SequenceEqual(["127.0.0.1"]), "the stopped apiserver to leave the slice");
        var endpoints = await EventuallyAsync("/api/v1/namespaces/default/endpoints/kubernetes",
            e => e["subsets"]?[0]?["addresses"]?.AsArray().Count == 1, "the stopped apiserver to leave the Endpoints");
        Assert.Equal("127.0.0.1", endpoints["subsets"]![0]!["addresses"]![0]!["ip"]!.GetValue<string>());
    }

    private Task<(int Code, JsonNode? Body)> CreateLeaseAsync(string name, string endpoint, DateTimeOffset renewed, int seconds) =>
        cluster.SendAsync(HttpMethod.Post, "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases", new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject { [ApiServerLeases.IdentityLabel] = ApiServerLeases.IdentityValue },
                ["annotations"] = new JsonObject { [ApiServerLeases.EndpointAnnotation] = endpoint },
            },
            ["spec"] = new JsonObject { ["holderIdentity"] = name, ["leaseDurationSeconds"] = seconds, ["renewTime"] = Timestamps.FormatMicro(renewed) },
        }.ToJsonString());

    [Fact]
    public async Task OnlyReplicasWithUnexpiredLeasesAreListedAndLongDeadLeasesAreCollected()
    {
        await EventuallyAsync(SlicePath, s => SliceAddresses(s).Count > 0, "the slice to list the apiserver");
        var reconciler = cluster.Host.Services.GetRequiredService<KubernetesServiceReconciler>();
        var port = cluster.Host.Port;
        Assert.Equal(201, (await CreateLeaseAsync("apiserver-alive", $"127.0.0.3:{port}", DateTimeOffset.UtcNow, 3600)).Code);
        Assert.Equal(201, (await CreateLeaseAsync("apiserver-expired", $"127.0.0.4:{port}", DateTimeOffset.UtcNow.AddSeconds(-20), 15)).Code);
        Assert.Equal(201, (await CreateLeaseAsync("apiserver-crashed", $"127.0.0.5:{port}", DateTimeOffset.UtcNow.AddHours(-1), 15)).Code);
        try
        {
            await reconciler.ReconcileAsync(CancellationToken.None);
            // Polled: the periodic pass may write what it read just before these Leases came.
            await EventuallyAsync(SlicePath, s => SliceAddresses(s).SequenceEqual(["127.0.0.1", "127.0.0.3"]), "the live replica to be listed, the expired one not");
            // Expired for longer than a further lease duration: the replica is gone for good.
            Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/apiserver-crashed")).Code);
            Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Get, "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/apiserver-expired")).Code);
        }
        finally
        {
            foreach (var name in new[] { "apiserver-alive", "apiserver-expired" })
                await cluster.SendAsync(HttpMethod.Delete, $"/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/{name}");
        }
        await reconciler.ReconcileAsync(CancellationToken.None);
        await EventuallyAsync(SlicePath, s => SliceAddresses(s).SequenceEqual(["127.0.0.1"]), "the deleted Lease's replica to leave the slice");
    }
}
