using System.Net;
using System.Text;
using Obs.ApiServer;
using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// <c>/readyz</c> says ok only when a client can go to work: the watch cache has loaded and the
/// system namespaces exist, so a create in <c>default</c> right after it cannot be refused.
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task ACreateInDefaultSucceedsTheMomentReadyzSaysOk()
    {
        var database = await TestPostgres.CreateDatabaseAsync("ready");
        await using var host = ApiServerHost.Create(TestCluster.Options(database), logging => { });
        await host.StartAsync();
        using var client = LocalCluster.TrustingClient(TestPki.Pki.CaCertFile, TestPki.Token);
        var server = $"https://127.0.0.1:{host.Port}";

        for (var i = 0; ; i++)
        {
            using var readyz = await client.GetAsync(server + "/readyz");
            if (readyz.StatusCode == HttpStatusCode.OK) break;
            Assert.Contains("readyz check failed", await readyz.Content.ReadAsStringAsync());
            Assert.True(i < 3000, "the apiserver never became ready");
            await Task.Delay(5);
        }

        using var created = await client.PostAsync(server + "/api/v1/namespaces/default/configmaps",
            new StringContent("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"first"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task VerboseReadyzListsEachCheck()
    {
        var database = await TestPostgres.CreateDatabaseAsync("ready");
        await using var host = ApiServerHost.Create(TestCluster.Options(database), logging => { });
        await host.StartAsync();
        await host.WaitReadyAsync();
        using var anonymous = LocalCluster.TrustingClient(TestPki.Pki.CaCertFile);
        var report = await anonymous.GetStringAsync($"https://127.0.0.1:{host.Port}/readyz?verbose");
        Assert.Contains("[+]watch-cache ok", report);
        Assert.Contains("[+]poststarthook/system-namespaces ok", report);
        Assert.EndsWith("readyz check passed", report);
    }
}
