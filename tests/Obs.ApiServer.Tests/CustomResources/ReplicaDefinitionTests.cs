using Obs.Cli.Cluster;
using Obs.Testing;
using static Obs.ApiServer.Tests.CustomResources.Definitions;

namespace Obs.ApiServer.Tests.CustomResources;

/// <summary>Apiservers sharing one database learn of a definition through their change feeds, with no request to the other.</summary>
public sealed class ReplicaDefinitionTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task ADefinitionMadeThroughOneApiserverIsServedByAnotherAndLeavesBothWhenDeleted()
    {
        await using var second = ApiServerHost.Create(TestCluster.Options(cluster.DatabaseUrl), logging => { });
        await second.StartAsync();
        await second.WaitReadyAsync();
        using var client = LocalCluster.TrustingClient(TestPki.Pki.CaCertFile, TestPki.Token);
        client.BaseAddress = new Uri($"https://127.0.0.1:{second.Port}");
        const string widgets = "/apis/replica.example.com/v1/namespaces/default/widgets";

        await CreateServedAsync(cluster, WidgetDefinition("replica.example.com"));
        await Eventually(async () => (await client.GetAsync(widgets)).IsSuccessStatusCode);
        using (var created = await client.PostAsync(widgets, new StringContent(Widget("via-second", "replica.example.com"), System.Text.Encoding.UTF8, "application/json")))
            Assert.Equal(201, (int)created.StatusCode);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Get, $"{widgets}/via-second")).Code);
        Assert.Contains("replica.example.com", await client.GetStringAsync("/apis"));

        using (var deleted = await client.DeleteAsync($"{CrdPath}/widgets.replica.example.com"))
            Assert.Equal(200, (int)deleted.StatusCode);
        await Eventually(async () => (await cluster.SendAsync(HttpMethod.Get, widgets)).Code == 404);
        await Eventually(async () => (int)(await client.GetAsync(widgets)).StatusCode == 404);
    }
}
