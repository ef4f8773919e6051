using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Obs.ApiServer.Storage;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Storage;

/// <summary>The apiserver outlives a PostgreSQL restart, and a watch resumed from its last revision misses nothing.</summary>
public sealed class PostgresRestartTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"obs-test-pgrestart-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private EmbeddedPostgres _postgres = null!;
    private ApiServerHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _postgres = new EmbeddedPostgres(_root, ["fsync=off"]);
        await _postgres.InitializeAsync();
        await _postgres.StartAsync();
        await _postgres.CreateDatabaseAsync("obs");
        _host = ApiServerHost.Create(TestCluster.Options(_postgres.ConnectionString("obs")), _ => { });
        await _host.StartAsync();
        await _host.WaitReadyAsync();
        _client = Obs.Cli.Cluster.LocalCluster.TrustingClient(TestPki.Pki.CaCertFile, TestPki.Token);
        _client.BaseAddress = new Uri($"https://127.0.0.1:{_host.Port}");
        _client.Timeout = TimeSpan.FromSeconds(60);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        await _postgres.StopAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private async Task<HttpResponseMessage> CreateAsync(string name) =>
        await _client.PostAsync("/api/v1/namespaces/default/configmaps",
            new StringContent(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = name } }.ToJsonString(),
                System.Text.Encoding.UTF8, "application/json"));

    [Fact]
    public async Task AWatchResumedFromItsLastRevisionAfterAPostgresRestartMissesNothing()
    {
        await WaitForDefaultNamespaceAsync();
        using var first = await CreateAsync("first");
        var from = (await first.Content.ReadFromJsonAsync<JsonObject>())!["metadata"]!["resourceVersion"]!.GetValue<string>();

        await _postgres.StopAsync();
        using (var down = await CreateAsync("while-down"))
        {
            Assert.Equal(503, (int)down.StatusCode);
            Assert.Equal("ServiceUnavailable", (await down.Content.ReadFromJsonAsync<JsonObject>())!["reason"]!.GetValue<string>());
        }
        await _postgres.StartAsync();

        HttpResponseMessage? second = null;
        for (var i = 0; i < 100 && second?.StatusCode != System.Net.HttpStatusCode.Created; i++)
        {
            second?.Dispose();
            await Task.Delay(100);
            second = await CreateAsync("second");
        }
        Assert.Equal(201, (int)second!.StatusCode);
        second.Dispose();
        // A consistent GET reads the committed revision on a connection kept open for it, which the restart broke:
        // the first GET after it still answers (on a new connection), not with an error.
        using (var got = await _client.GetAsync("/api/v1/namespaces/default/configmaps/second"))
            Assert.Equal(200, (int)got.StatusCode);

        await using var watch = await WatchReader.OpenAsync(_client, $"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={from}");
        var e = await watch.NextChangeAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("ADDED", e!["type"]!.GetValue<string>());
        Assert.Equal("second", e["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    private async Task WaitForDefaultNamespaceAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            using var response = await _client.GetAsync("/api/v1/namespaces/default");
            if (response.IsSuccessStatusCode) return;
            await Task.Delay(50);
        }
    }
}
