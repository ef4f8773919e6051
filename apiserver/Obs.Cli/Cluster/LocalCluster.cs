using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Obs.ApiServer.Auth;
using Obs.ApiServer.Storage;

namespace Obs.Cli.Cluster;

/// <summary>
/// The local cluster `obs up` runs: an embedded PostgreSQL (unless OBS_DATABASE_URL names one)
/// and the apiserver, each a background process with its pid and log under the cluster home.
/// Every step first checks what already runs, so `up` can be repeated.
/// </summary>
public sealed class LocalCluster(ClusterHome home, LocalClusterPorts ports)
{
    private const string Database = "obs";

    private int? _apiServerPort;

    /// <summary>
    /// Where the apiserver listens: the port the running one was started on (the preferred one may have been taken
    /// then), else the preferred one. <c>up</c> chooses it before anything is told the apiserver's address.
    /// </summary>
    private int ApiServerPort => _apiServerPort ??= ApiServer.Pid is not null && PortFile.Read(ApiServerPortFile) is { } port ? port : ports.ApiServer;

    private string ApiServerPortFile => Path.Combine(home.Run, "apiserver.port");

    private string? _serviceRange;

    /// <summary>This cluster's Service addresses (<see cref="ClusterServiceRange"/>), chosen at its first <c>up</c>.</summary>
    private string ServiceRange => _serviceRange ??= ClusterServiceRange.ForHome(home);

    public string ApiServerUrl => $"https://127.0.0.1:{ApiServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public BackgroundProcess ApiServer => Component("apiserver");

    /// <summary>
    /// What runs on top of the apiserver, in start order; each reaches the cluster through the kubeconfig. The command
    /// line is made only to start it: the controllers and the scheduler are commands of this program, the node agent
    /// is the natively compiled <c>obs-agent</c> (the same agent command, see <see cref="RepositoryLayout.NativeAgent"/>).
    /// </summary>
    private IReadOnlyList<(string Name, Func<(string Executable, string[] Args)> Command)> Components =>
    [
        ("controllers", () => Self(["controllers", "--kubeconfig", home.Kubeconfig])),
        ("scheduler", () => Self(["scheduler", "--kubeconfig", home.Kubeconfig])),
        // The agent publishes its port in its Node, which is how everything finds it: another one does when its own is taken.
        ("agent", () => (RepositoryLayout.NativeAgent, ["--kubeconfig", home.Kubeconfig, "--port", LocalHttpServer.PickPort(ports.Agent).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--state-dir", Path.Combine(home.Root, "agent"), "--cluster-dns", ClusterServiceRange.Dns(ServiceRange).ToString(), .. ChooseIngressPorts().AgentArguments()])),
    ];

    private static (string Executable, string[] Args) Self(string[] args) => (DotnetHost(), [.. SelfArgs(), .. args]);

    /// <summary>Why <c>up</c> cannot start the node agent, or null: the native agent must have been built.</summary>
    public string? NativeAgentMissing() => Component("agent").Pid is null && !File.Exists(RepositoryLayout.NativeAgent)
        ? $"the node agent is not built: {RepositoryLayout.NativeAgent} is missing. It is compiled to native code by a Release build " +
          "of the CLI (`./obs up` builds it, installing clang and zlib1g-dev when missing); build it with " +
          "`dotnet build apiserver/Obs.Cli/Obs.Cli.csproj -c Release` and read the errors it prints"
        : null;

    private string IngressPortFile => Path.Combine(home.Run, "agent-ingress.ports");

    /// <summary>The ingress ports of the running agent, or null when it is stopped.</summary>
    public IngressPorts? Ingress => Component("agent").Pid is not null ? IngressPorts.Read(IngressPortFile) : null;

    /// <summary>Chosen when the agent starts (not while it runs: it may hold 80 itself by then) and kept for <see cref="Ingress"/>.</summary>
    private IngressPorts ChooseIngressPorts()
    {
        var chosen = IngressPorts.Choose(ports.IngressHttp, ports.IngressHttps);
        chosen.Write(IngressPortFile);
        return chosen;
    }

    private BackgroundProcess Component(string name) => new(name, home.PidFile(name), home.LogFile(name));

    public static string? ExternalDatabaseUrl => Environment.GetEnvironmentVariable("OBS_DATABASE_URL") is { Length: > 0 } url ? url : null;

    public EmbeddedPostgres Postgres => new(home.Postgres);

    public AlertmanagerComponent Alertmanager => new(home, ports.Alertmanager);

    public PrometheusComponent Prometheus => new(home, ports.Prometheus);

    public DashboardComponent Dashboard => new(home, ports.Dashboard);

    /// <summary>Scrape and rule evaluation interval: 15 s, or OBS_PROMETHEUS_INTERVAL (seconds; the end-to-end tests shorten it).</summary>
    private static TimeSpan PrometheusInterval =>
        int.TryParse(Environment.GetEnvironmentVariable("OBS_PROMETHEUS_INTERVAL"), out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(15);

    public async Task<string> UpAsync(TextWriter log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(home.Root);
        var databaseUrl = ExternalDatabaseUrl ?? await StartPostgresAsync(log, cancellationToken);

        var pki = new ClusterPki(home.Pki);
        pki.Ensure([IPAddress.Loopback], [], ServiceRange);
        var token = AdminToken.Ensure(home.TokenFile);
        var apiServerRunning = ApiServer.Pid is not null && await IsReadyAsync(pki, cancellationToken);
        if (!apiServerRunning)
        {
            // One that runs but does not answer is replaced. The port is chosen now: Alertmanager is told the address first.
            if (ApiServer.Pid is not null) await ApiServer.StopAsync(TimeSpan.FromSeconds(10));
            _apiServerPort = LocalHttpServer.PickPort(ports.ApiServer);
            PortFile.Write(ApiServerPortFile, ApiServerPort);
        }
        // Alertmanager first: the apiserver is told where it is (for silences); it delivers to the apiserver once that is up.
        var alertTiming = AlertTestTiming.FromEnvironment();
        var alertmanagerOptions = new AlertmanagerConfigOptions
        {
            ReceiverUrl = $"{ApiServerUrl}/alerting/v1/webhook",
            BearerToken = token,
            CaFile = pki.CaCertFile,
        };
        var alertmanagerUrl = await Alertmanager.UpAsync(alertTiming?.Apply(alertmanagerOptions) ?? alertmanagerOptions, log, cancellationToken);

        if (apiServerRunning)
        {
            log.WriteLine($"apiserver      running (pid {ApiServer.Pid})");
        }
        else
        {
            var pid = ApiServer.Start(DotnetHost(), [.. SelfArgs(), "apiserver",
                "--port", ApiServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tls-cert-file", pki.ServingCertFile, "--tls-private-key-file", pki.ServingKeyFile,
                "--token-auth-file", home.TokenFile, "--alertmanager-url", alertmanagerUrl, "--service-cluster-ip-range", ServiceRange],
                new Dictionary<string, string> { ["OBS_DATABASE_URL"] = databaseUrl });
            log.WriteLine($"apiserver      started (pid {pid})");
            await WaitReadyAsync(pki, cancellationToken);
        }
        Kubeconfig.Write(home.Kubeconfig, ApiServerUrl, pki.CaCertFile, token);
        foreach (var (name, command) in Components)
        {
            var component = Component(name);
            if (component.Pid is { } pid)
            {
                log.WriteLine($"{name,-15}running (pid {pid})");
                continue;
            }
            var (executable, args) = command();
            log.WriteLine($"{name,-15}started (pid {component.Start(executable, args)})");
        }
        if (Ingress is { } ingress && (ports.IngressHttp is { } http && http != ingress.Http || ports.IngressHttps is { } https && https != ingress.Https))
        {
            // A running agent keeps its ports: say so rather than seem to have moved them.
            log.WriteLine($"ingress        the running agent keeps {ingress.Describe()}; `obs down` then `obs up` to move it");
        }
        var prometheusUrl = await Prometheus.UpAsync(new PrometheusConfigOptions
        {
            ApiServerUrl = ApiServerUrl,
            CaFile = pki.CaCertFile,
            TokenFile = "",
            Alertmanager = new Uri(alertmanagerUrl).Authority,
            RuleFiles = [alertTiming?.RewriteRules(RepositoryLayout.AlertRulesGlob, Path.Combine(home.Root, "prometheus", "rules")) ?? RepositoryLayout.AlertRulesGlob],
            ScrapeInterval = PrometheusInterval,
            EvaluationInterval = PrometheusInterval,
        }, token, log, cancellationToken);
        // Last: its charts read from Prometheus, and its first page load needs the cluster up.
        var dashboardUrl = await Dashboard.UpAsync(DotnetHost(), SelfArgs(), prometheusUrl, log, cancellationToken);
        await Prometheus.WriteDashboardTargetAsync(dashboardUrl, cancellationToken);
        return token;
    }

    public async Task DownAsync(TextWriter log, CancellationToken cancellationToken)
    {
        // The agent stops first and stops the pods it runs; the next `up` starts them again as their restart policy says.
        foreach (var (name, _) in Components.Reverse())
        {
            var component = Component(name);
            if (component.Pid is not { } running) continue;
            await component.StopAsync(TimeSpan.FromSeconds(15));
            log.WriteLine($"{name,-15}stopped (pid {running})");
        }
        if (ApiServer.Pid is { } pid)
        {
            await ApiServer.StopAsync(TimeSpan.FromSeconds(15));
            log.WriteLine($"apiserver      stopped (pid {pid})");
        }
        await Dashboard.DownAsync(log);
        await Prometheus.DownAsync(log);
        await Alertmanager.DownAsync(log);
        if (ExternalDatabaseUrl is null && EmbeddedPostgres.FindBinDirectory() is not null && Directory.Exists(home.Postgres))
        {
            if (await Postgres.IsRunningAsync(cancellationToken))
            {
                await Postgres.StopAsync(cancellationToken);
                log.WriteLine("postgres       stopped (data kept in " + home.Postgres + ")");
            }
        }
    }

    public async Task StatusAsync(TextWriter log, CancellationToken cancellationToken)
    {
        if (ExternalDatabaseUrl is not null) log.WriteLine("postgres       external (OBS_DATABASE_URL)");
        else if (Directory.Exists(home.Postgres) && EmbeddedPostgres.FindBinDirectory() is not null && await Postgres.IsRunningAsync(cancellationToken))
            log.WriteLine($"postgres       running on 127.0.0.1:{Postgres.Port}");
        else log.WriteLine("postgres       stopped");

        var pki = new ClusterPki(home.Pki);
        if (ApiServer.Pid is { } pid)
            log.WriteLine($"apiserver      {(await IsReadyAsync(pki, cancellationToken) ? "ready" : "not ready")} at {ApiServerUrl} (pid {pid})");
        else log.WriteLine("apiserver      stopped");
        foreach (var (name, _) in Components)
            log.WriteLine(Component(name).Pid is { } running ? $"{name,-15}running (pid {running})" : $"{name,-15}stopped");
        if (Ingress is { } ingress) log.WriteLine($"ingress        {ingress.Describe()}");
        Prometheus.Status(log);
        Alertmanager.Status(log);
        Dashboard.Status(log);
        if (File.Exists(home.Kubeconfig)) log.WriteLine($"kubeconfig     {home.Kubeconfig}");
    }

    private async Task<string> StartPostgresAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var pg = Postgres;
        var fresh = !File.Exists(Path.Combine(pg.DataDirectory, "PG_VERSION"));
        await pg.InitializeAsync(cancellationToken);
        var running = await pg.IsRunningAsync(cancellationToken);
        await pg.StartAsync(cancellationToken);
        await pg.CreateDatabaseAsync(Database, cancellationToken);
        log.WriteLine($"postgres       {(running ? "running" : fresh ? "initialised and started" : "started")} on 127.0.0.1:{pg.Port}");
        return pg.ConnectionString(Database);
    }

    private async Task WaitReadyAsync(ClusterPki pki, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (await IsReadyAsync(pki, cancellationToken)) return;
            if (ApiServer.Pid is null)
                throw new InvalidOperationException($"the apiserver exited during start-up; see {home.LogFile("apiserver")}");
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"the apiserver did not become ready in 90 s; see {home.LogFile("apiserver")}");
    }

    private async Task<bool> IsReadyAsync(ClusterPki pki, CancellationToken cancellationToken)
    {
        using var client = TrustingClient(pki.CaCertFile);
        try
        {
            using var response = await client.GetAsync(ApiServerUrl + "/readyz", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>An HTTP client that trusts exactly the cluster's CA.</summary>
    public static HttpClient TrustingClient(string caCertFile, string? token = null)
    {
        var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection(
            System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(caCertFile)));
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, errors) => Obs.Api.Security.CustomRootTrust.Trusts(roots, cert, errors),
        };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The dotnet host running this CLI, to start components with the same build.</summary>
    private static string DotnetHost() => Environment.ProcessPath ?? "dotnet";

    private static string[] SelfArgs()
    {
        var entry = typeof(LocalCluster).Assembly.Location;
        // Run as `dotnet obs.dll`: pass the dll; as an apphost (`obs`), the host is the program itself.
        return Path.GetFileName(Environment.ProcessPath) is "dotnet" ? [entry] : [];
    }
}
