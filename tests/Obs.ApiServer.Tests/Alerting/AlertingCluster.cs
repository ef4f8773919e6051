using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Obs.ApiServer.Alerting;
using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Alerting;

/// <summary>
/// An apiserver with the on-call receiver, over a database of its own, and a real Alertmanager
/// (Debian's) configured by <see cref="AlertmanagerConfig"/> to deliver to it with short waits.
/// The receiver is added through the logging hook's service collection, ahead of the host's own
/// registrations, so the test runs the real host whether or not it registers the receiver itself.
/// </summary>
public sealed class AlertingCluster : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"obs-alerting-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private readonly int _port = FreePort.Next();

    public ApiServerHost Host { get; private set; } = null!;
    public AlertmanagerProcess Alertmanager { get; private set; } = null!;
    public ForwardTarget Forward { get; } = new();
    public SmtpTestServer Mail { get; } = new();
    public string DatabaseUrl { get; private set; } = "";
    public string Server => $"https://127.0.0.1:{_port}";
    public string Kubeconfig => Path.Combine(_dir, "kubeconfig");
    public HttpClient Client { get; private set; } = null!;
    public HttpClient AlertmanagerClient { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static readonly AlertmanagerRouteTiming Quick = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        DatabaseUrl = await TestPostgres.CreateDatabaseAsync("alerting");
        var launch = new AlertmanagerLaunch(Path.Combine(_dir, "alertmanager.yml"), Path.Combine(_dir, "alertmanager-data"), FreePort.Next());
        await File.WriteAllTextAsync(launch.ConfigFile, AlertmanagerConfig.Render(new AlertmanagerConfigOptions
        {
            ReceiverUrl = $"{Server}{AlertingEndpoints.PathPrefix}/webhook",
            BearerToken = TestPki.Token,
            CaFile = TestPki.Pki.CaCertFile,
            Default = Quick,
            Critical = Quick,
            Warning = Quick,
            Info = Quick,
        }));
        AlertingOptions = new AlertingOptions
        {
            AlertmanagerUrl = new Uri(launch.Url),
            ForwardUrl = Forward.Url,
            Email = new EmailForwardOptions(Mail.Smarthost, "obs@example.com", ["oncall@example.com"]) { RequireTls = false, DashboardUrl = new Uri("http://127.0.0.1:8080/") },
            ForwardRetry = new ForwardRetry { Attempts = 5, FirstDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(200) },
        };
        await StartHostAsync();
        Alertmanager = await AlertmanagerProcess.StartAsync(AlertmanagerBinary.Find()
            ?? throw new InvalidOperationException("prometheus-alertmanager is not installed: apt-get install -y prometheus-alertmanager"), launch);
    }

    public AlertingOptions AlertingOptions { get; private set; } = null!;

    /// <summary>Stops the apiserver and starts a new one on the same port over the same database.</summary>
    public async Task RestartAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await StartHostAsync();
    }

    private async Task StartHostAsync()
    {
        Host = ApiServerHost.Create(TestCluster.Options(DatabaseUrl, _port), logging => AlertingServices.Add(logging.Services, AlertingOptions));
        await Host.StartAsync();
        await Host.WaitReadyAsync();
        Client = LocalCluster.TrustingClient(TestPki.Pki.CaCertFile, TestPki.Token);
        Client.Timeout = TimeSpan.FromSeconds(60);
        Client.BaseAddress = new Uri(Server);
        Obs.Cli.Cluster.Kubeconfig.Write(Kubeconfig, Server, TestPki.Pki.CaCertFile, TestPki.Token);
        for (var i = 0; i < 100; i++)
        {
            using var response = await Client.GetAsync("/api/v1/namespaces/default");
            if (response.IsSuccessStatusCode) return;
            await Task.Delay(50);
        }
        throw new TimeoutException("the default namespace was not created");
    }

    /// <summary>Posts one alert to Alertmanager's API, as Prometheus does; fails the test when Alertmanager refuses it.</summary>
    public async Task PostToAlertmanagerAsync(JsonObject alert)
    {
        using var response = await AlertmanagerClient.PostAsync($"{Alertmanager.Url}/api/v2/alerts",
            new StringContent(new JsonArray(alert).ToJsonString(), Encoding.UTF8, "application/json"));
        Xunit.Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<(int Code, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try { json = text.Length > 0 ? JsonNode.Parse(text) : null; } catch (System.Text.Json.JsonException) { }
        return ((int)response.StatusCode, json);
    }

    /// <summary>One number from the receiver's tables, read straight from PostgreSQL.</summary>
    public async Task<long> CountAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(DatabaseUrl);
        await using var cmd = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The stored alerts with this alertname (any state), polled until <paramref name="until"/> holds or 60 s pass.</summary>
    public async Task<List<JsonObject>> WaitForAlertsAsync(string alertName, Func<List<JsonObject>, bool> until)
    {
        List<JsonObject> found = [];
        for (var i = 0; i < 600; i++)
        {
            var (_, body) = await SendAsync(HttpMethod.Get, $"{AlertingEndpoints.PathPrefix}/alerts");
            found = body!["items"]!.AsArray().OfType<JsonObject>().Where(a => a["alertname"]!.GetValue<string>() == alertName).ToList();
            if (until(found)) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException($"alerts named {alertName} never satisfied the condition; last seen: {string.Join(", ", found.Select(f => f.ToJsonString()))}\nAlertmanager said:\n{Alertmanager.Output}");
    }

    public async Task DisposeAsync()
    {
        if (Alertmanager is not null) await Alertmanager.DisposeAsync();
        Client?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        AlertmanagerClient.Dispose();
        Forward.Dispose();
        Mail.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
