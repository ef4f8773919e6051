using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Obs.ApiServer.Services;
using Obs.ApiServer.Storage;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Services;

/// <summary>Cluster IPs and node ports as users meet them: through the API, on a real PostgreSQL.</summary>
public sealed class ServiceAllocatorTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private static string Service(string name, string type = "ClusterIP", string? clusterIp = null, long? nodePort = null) =>
        new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["type"] = type,
                ["clusterIP"] = clusterIp,
                ["selector"] = new JsonObject { ["app"] = name },
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["nodePort"] = nodePort }),
            },
        }.ToJsonString();

    private async Task<JsonNode> CreateAsync(string body)
    {
        var (code, created) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", body);
        Assert.True(code == 201, created?.ToJsonString());
        return created!;
    }

    private async Task<long> ReservationsAsync(string kind, string value)
    {
        await using var data = NpgsqlDataSource.Create(cluster.DatabaseUrl);
        await using var cmd = data.CreateCommand("select count(*) from obs_service_allocations where kind = $1 and value = $2");
        cmd.Parameters.AddWithValue(kind);
        cmd.Parameters.AddWithValue(value);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task AServiceGetsALoopbackClusterIpOutsideTheStaticBand()
    {
        var created = await CreateAsync(Service("alloc-dynamic"));
        var ip = created["spec"]!["clusterIP"]!.GetValue<string>();
        Assert.Equal(ip, created["spec"]!["clusterIPs"]![0]!.GetValue<string>());
        var range = new ServiceIpRange("127.77.0.0/16");
        Assert.True(range.Contains(IPAddress.Parse(ip)), ip);
        var offset = IPAddress.Parse(ip).GetAddressBytes() is var b ? (b[2] << 8 | b[3]) - 1 : 0;
        Assert.True(offset >= range.StaticBandSize, ip);
        Assert.Equal(1, await ReservationsAsync("clusterip", ip));
    }

    [Fact]
    public async Task ARequestedClusterIpIsGivenOnceAndACollisionIsRejectedWithTheField()
    {
        await CreateAsync(Service("alloc-fixed-a", clusterIp: "127.77.0.42"));
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", Service("alloc-fixed-b", clusterIp: "127.77.0.42"));
        Assert.Equal(422, code);
        var cause = status!["details"]!["causes"]![0]!;
        Assert.Equal("spec.clusterIPs", cause["field"]!.GetValue<string>());
        Assert.Contains("failed to allocate IP 127.77.0.42: provided IP is already allocated", cause["message"]!.GetValue<string>());
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services/alloc-fixed-b")).Code);
    }

    [Fact]
    public async Task AClusterIpOutsideTheRangeIsRejected()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", Service("alloc-outside", clusterIp: "10.96.0.5"));
        Assert.Equal(422, code);
        Assert.Contains("The range of valid IPs is 127.77.0.0/16", status!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeletingAServiceFreesItsAddressForTheNextOne()
    {
        await CreateAsync(Service("alloc-reuse-a", type: "NodePort", clusterIp: "127.77.0.43", nodePort: 30443));
        Assert.Equal(1, await ReservationsAsync("nodeport", "30443"));
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/services/alloc-reuse-a")).Code);
        Assert.Equal(0, await ReservationsAsync("clusterip", "127.77.0.43"));
        Assert.Equal(0, await ReservationsAsync("nodeport", "30443"));
        await CreateAsync(Service("alloc-reuse-b", type: "NodePort", clusterIp: "127.77.0.43", nodePort: 30443));
    }

    [Fact]
    public async Task NodePortsAreAllocatedInRangeAndCollisionsRejected()
    {
        var created = await CreateAsync(Service("alloc-np-a", type: "NodePort"));
        var port = created["spec"]!["ports"]![0]!["nodePort"]!.GetValue<long>();
        Assert.InRange(port, 30000, 32767);

        var (code, status) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", Service("alloc-np-b", type: "NodePort", nodePort: port));
        Assert.Equal(422, code);
        var cause = status!["details"]!["causes"]![0]!;
        Assert.Equal("spec.ports[0].nodePort", cause["field"]!.GetValue<string>());
        Assert.Contains("provided port is already allocated", cause["message"]!.GetValue<string>());
        // The rejected Service's cluster IP was released with it.
        var (_, list) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services");
        Assert.DoesNotContain(list!["items"]!.AsArray(), s => s!["metadata"]!["name"]!.GetValue<string>() == "alloc-np-b");

        var (outCode, outStatus) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", Service("alloc-np-c", type: "NodePort", nodePort: 8080));
        Assert.Equal(422, outCode);
        Assert.Contains("The range of valid ports is 30000-32767", outStatus!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUpdateThatLeavesOutAllocatedValuesKeepsThem()
    {
        var created = await CreateAsync(Service("alloc-keep", type: "NodePort"));
        var ip = created["spec"]!["clusterIP"]!.GetValue<string>();
        var port = created["spec"]!["ports"]![0]!["nodePort"]!.GetValue<long>();
        // A PUT of the original manifest, as kubectl replace sends it, without the allocated values.
        var manifest = JsonNode.Parse(Service("alloc-keep", type: "NodePort"))!;
        manifest["metadata"]!["resourceVersion"] = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        manifest["metadata"]!["labels"] = new JsonObject { ["changed"] = "yes" };
        var (code, updated) = await cluster.SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/services/alloc-keep", manifest.ToJsonString());
        Assert.True(code == 200, updated?.ToJsonString());
        Assert.Equal(ip, updated!["spec"]!["clusterIP"]!.GetValue<string>());
        Assert.Equal(port, updated["spec"]!["ports"]![0]!["nodePort"]!.GetValue<long>());
    }

    [Fact]
    public async Task ChangingTypeToClusterIpReleasesTheNodePort()
    {
        var created = await CreateAsync(Service("alloc-retype", type: "NodePort"));
        var port = created["spec"]!["ports"]![0]!["nodePort"]!.GetValue<long>();
        const string patch = """{"spec":{"type":"ClusterIP","ports":[{"name":"http","port":80,"nodePort":null}]}}""";
        var (code, patched) = await cluster.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/services/alloc-retype", patch, "application/merge-patch+json");
        Assert.True(code == 200, patched?.ToJsonString());
        Assert.Equal(0, await ReservationsAsync("nodeport", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(created["spec"]!["clusterIP"]!.GetValue<string>(), patched!["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [Fact]
    public async Task HeadlessAndExternalNameServicesHoldNoAddress()
    {
        var headless = await CreateAsync(Service("alloc-headless", clusterIp: "None"));
        Assert.Equal("None", headless["spec"]!["clusterIP"]!.GetValue<string>());
        var external = JsonNode.Parse(Service("alloc-external", type: "ExternalName"))!;
        external["spec"]!["externalName"] = "example.test";
        var created = await CreateAsync(external.ToJsonString());
        Assert.Null(created["spec"]!["clusterIP"]);
    }

    [Fact]
    public async Task RepairReleasesReservationsNoServiceHolds()
    {
        var allocations = cluster.Host.Services.GetRequiredService<ServiceAllocationStore>();
        Assert.True(await allocations.TryReserveAsync("clusterip", "127.77.0.77", "default", "never-written", "uid-of-a-crash", CancellationToken.None));
        await using (var data = NpgsqlDataSource.Create(cluster.DatabaseUrl))
        await using (var age = data.CreateCommand("update obs_service_allocations set allocated_at = now() - interval '1 hour' where uid = 'uid-of-a-crash'"))
            await age.ExecuteNonQueryAsync();
        var kept = await CreateAsync(Service("alloc-repair-kept", clusterIp: "127.77.0.78"));

        var released = await cluster.Host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ServiceAllocationRepair>().Single()
            .RepairAsync(CancellationToken.None);
        Assert.Equal(1, released);
        Assert.Equal(0, await ReservationsAsync("clusterip", "127.77.0.77"));
        Assert.Equal(1, await ReservationsAsync("clusterip", kept["spec"]!["clusterIP"]!.GetValue<string>()));
    }
}
