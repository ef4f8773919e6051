using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Obs.ApiServer;
using Obs.Cli.Cluster;
using Xunit;

namespace Obs.Testing;

/// <summary>
/// An apiserver in this process over a database of its own, on a free port with TLS and the
/// test admin token, plus a kubeconfig so that the real kubectl can drive it.
/// </summary>
public sealed class TestCluster : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"{StaleTestDirectories.ClusterPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");

    /// <summary>Changes to the apiserver's options, for a test of a setting the shared clusters leave at its default.</summary>
    public Func<ApiServerOptions, ApiServerOptions> Configure { get; init; } = options => options;

    /// <summary>
    /// For a test of requests Kubernetes itself answers with 500 (an admission webhook that cannot be called): the
    /// metrics are still checked at the end, but 5xx answers are not taken for the apiserver's faults.
    /// </summary>
    public bool ServerErrorsExpected { get; init; }

    public ApiServerHost Host { get; private set; } = null!;
    public string DatabaseUrl { get; private set; } = "";
    public string Kubeconfig => Path.Combine(_dir, "kubeconfig");
    public string Server => $"https://127.0.0.1:{Host.Port}";
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        DatabaseUrl = await TestPostgres.CreateDatabaseAsync("api");
        await StartHostAsync();
    }

    /// <summary>Stops the apiserver and starts a new one over the same database (a new port).</summary>
    public async Task RestartAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await StartHostAsync();
    }

    private async Task StartHostAsync()
    {
        Host = ApiServerHost.Create(Configure(Options(DatabaseUrl)), logging => { });
        await Host.StartAsync();
        await Host.WaitReadyAsync();
        Client = LocalCluster.TrustingClient(TestPki.Pki.CaCertFile, TestPki.Token);
        Client.Timeout = TimeSpan.FromSeconds(60);
        Client.BaseAddress = new Uri(Server);
        Obs.Cli.Cluster.Kubeconfig.Write(Kubeconfig, Server, TestPki.Pki.CaCertFile, TestPki.Token);
    }

    public static ApiServerOptions Options(string databaseUrl, int port = 0) => new()
    {
        Port = port,
        TlsCertFile = TestPki.Pki.ServingCertFile,
        TlsKeyFile = TestPki.Pki.ServingKeyFile,
        TokenFile = TestPki.TokenFile,
        DatabaseUrl = databaseUrl,
    };

    /// <summary>Runs the real kubectl against this cluster, with a discovery cache of its own.</summary>
    public Task<CommandResult> KubectlAsync(params string[] args) => KubectlWithInputAsync(null, args);

    public Task<CommandResult> KubectlWithInputAsync(string? stdin, params string[] args) =>
        KubectlWithEnvironmentAsync(stdin, new Dictionary<string, string>(), args);

    public Task<CommandResult> KubectlWithEnvironmentAsync(string? stdin, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ProcessRunner.RunAsync("kubectl", ["--kubeconfig", Kubeconfig, "--cache-dir", Path.Combine(_dir, "kubectl-cache"), .. args],
            environment, stdin, TimeSpan.FromSeconds(90));

    /// <summary>Runs kubectl and fails the test when it does not exit 0; returns its standard output.</summary>
    public async Task<string> KubectlOkAsync(params string[] args)
    {
        var result = await KubectlAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result}");
        return result.StdOut;
    }

    /// <summary>Writes a manifest to a file in the test directory and returns its path.</summary>
    public string Manifest(string name, string yaml)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    public async Task<(int Code, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType));
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try { json = text.Length > 0 ? JsonNode.Parse(text) : null; } catch (System.Text.Json.JsonException) { }
        return ((int)response.StatusCode, json);
    }

    /// <summary>The apiserver's own metrics: they must pass promtool and show no request that ended in a 5xx.</summary>
    public async Task AssertMetricsCleanAsync(bool serverErrorsExpected = false)
    {
        var text = await Client.GetStringAsync("/metrics");
        var check = await ProcessRunner.RunAsync(Promtool.Path, ["check", "metrics"], stdin: text);
        Assert.True(check.ExitCode == 0, $"promtool check metrics failed: {check}");
        var serverErrors = text.Split('\n').Where(l => l.StartsWith("apiserver_request_total{", StringComparison.Ordinal) && l.Contains("code=\"5", StringComparison.Ordinal)).ToList();
        Assert.True(serverErrorsExpected || serverErrors.Count == 0, "requests ended in 5xx:\n" + string.Join('\n', serverErrors));
        Assert.Contains("apiserver_request_total{", text);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Host is not null && Client is not null) await AssertMetricsCleanAsync(ServerErrorsExpected);
        }
        finally
        {
            Client?.Dispose();
            if (Host is not null) await Host.DisposeAsync();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        }
    }
}
