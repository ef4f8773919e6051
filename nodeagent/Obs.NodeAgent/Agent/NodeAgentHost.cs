using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Client.Rest;
using Obs.Client.Informers;
using Obs.NodeAgent.Api;
using Obs.NodeAgent.Dns;
using Obs.ServiceProxy;
using Obs.NodeAgent.Metrics;
using Obs.NodeAgent.Node;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Restarts;
using Obs.NodeAgent.Runtime;
using Obs.NodeAgent.StaticPods;
using Obs.NodeAgent.Volumes;

namespace Obs.NodeAgent.Agent;

/// <summary>
/// One node agent: registers the Node and renews its Lease, runs the pods bound to it, and serves
/// the agent API. <see cref="StartAsync"/> returns once the Node is registered, the API listens
/// and the pod informer has synced; <see cref="DisposeAsync"/> stops the agent and leaves the
/// pods' processes running, as the kubelet does, for the next start to adopt;
/// <see cref="ShutdownAsync"/> stops them too.
/// </summary>
public sealed class NodeAgentHost : IAsyncDisposable
{
    private readonly NodeAgentOptions _options;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggers;
    private readonly CancellationTokenSource _stop = new();
    private ApiClient? _client;
    private ApiClient? _events;
    private Obs.Client.Events.EventRecorder? _recorder;
    private Task _recorderWriting = Task.CompletedTask;
    private readonly CancellationTokenSource _recorderStop = new();
    private AgentApiServer? _api;
    private PodWorkers? _pods;
    private AgentMetricsEndpoints? _metrics;
    private KubeletMetrics? _kubelet;
    private InformerFactory? _informers;
    private ServiceProxyHost? _proxy;
    private ClusterDns? _dns;
    private Task _running = Task.CompletedTask;
    private int _stopped;

    private NodeAgentHost(NodeAgentOptions options, ILoggerFactory loggers)
    {
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger("Obs.NodeAgent");
    }

    /// <summary>The port the agent API listens on (the one asked for, or the one picked for port 0).</summary>
    public int Port => _api?.Port ?? 0;

    /// <summary>The address reported as the node's InternalIP and the pods' hostIP/podIP.</summary>
    public string Address { get; private set; } = "";

    /// <summary>SHA-256 of the serving certificate, as published in the Node's annotation.</summary>
    public string CertificatePin { get; private set; } = "";

    public RuntimeCapabilities? Capabilities { get; private set; }

    public static Task<NodeAgentHost> StartAsync(NodeAgentOptions options, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        StartAsync(options, logger is null ? NullLoggerFactory.Instance : new AgentLoggerFactory(logger), cancellationToken);

    /// <summary>Starts an agent whose parts (pod workers, service proxy, DNS) log through <paramref name="loggers"/>.</summary>
    public static async Task<NodeAgentHost> StartAsync(NodeAgentOptions options, ILoggerFactory loggers, CancellationToken cancellationToken = default)
    {
        var agent = new NodeAgentHost(options, loggers);
        await agent.StartCoreAsync(cancellationToken);
        return agent;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.StateDirectory);
        Address = _options.Address ?? MachineInfo.HostAddress();
        var runtimeOptions = new RuntimeOptions
        {
            StateDirectory = _options.StateDirectory,
            CgroupRoot = _options.CgroupRoot,
            UseNamespaces = _options.UseNamespaces,
            Time = _options.Time,
        };
        _kubelet = new KubeletMetrics();
        IContainerRuntime runtime = new InstrumentedRuntime(ProcessContainerRuntime.Create(runtimeOptions), _kubelet);
        Capabilities = runtime.Capabilities;
        _client = new ApiClient(_options.Cluster, new ApiClientOptions { Qps = _options.ApiQps, Burst = _options.ApiBurst, UserAgent = $"obs-node-agent/{_options.NodeName}" });
        _events = new ApiClient(_options.Cluster, new ApiClientOptions { Qps = _options.EventQps, Burst = _options.EventBurst, UserAgent = $"obs-node-agent/{_options.NodeName}" });
        _recorder = new Obs.Client.Events.EventRecorder(_events, _options.NodeName, _options.Time, _logger) { SourceHost = _options.NodeName };
        _recorderWriting = Task.Run(() => _recorder.RunAsync(_recorderStop.Token), CancellationToken.None);
        var machine = MachineInfo.Read(_options.StateDirectory);
        var certificate = ServingCertificate.Load(_options.StateDirectory, _options.TlsCertFile, _options.TlsKeyFile, [Address], machine.Hostname);
        CertificatePin = ServingCertificate.Pin(certificate);

        var allocatableCpu = Math.Max(0, machine.CpuCores * 1000L - _options.ReservedCpuMillis);
        var allocatableMemory = Math.Max(0, machine.MemoryBytes - _options.ReservedMemoryBytes);
        // One informer cache for the agent's cluster-wide views (Services, EndpointSlices, Pods), shared by the proxy, DNS and service links.
        _informers = new InformerFactory(_client);
        var services = _informers.For(Obs.Api.Resources.ResourceTypes.Service);
        var serviceLinks = new ServiceLinks(_client, services);
        var context = new PodWorkerContext(_client, runtime, runtimeOptions, _options.NodeName, Address, _options.StateDirectory,
            new EnvironmentResolver(_client, Address, allocatableCpu, allocatableMemory, serviceLinks, _options.Cluster.Server)
            {
                KubernetesService = () => KubernetesServiceAddress.Find(services.Lister.Get(KubernetesServiceAddress.Namespace, KubernetesServiceAddress.Name),
                    (ip, port) => _proxy?.Forwards(ip, port, KubernetesServiceAddress.Namespace, KubernetesServiceAddress.Name) == true),
            },
            new PodVolumes(_client, _options.StateDirectory, Address, new ServiceAccountTokens(_client, _options.Time), _options.Cluster.CertificateAuthorityPem),
            RestartBackoff.Default, _options.Time, _logger)
        {
            // Late-bound: the cluster DNS starts after registration, before the pod workers run.
            ResolvConf = pod => _dns?.ResolvConfFor(pod),
            Metrics = _kubelet,
            Events = _recorder,
            NodeMemoryBytes = machine.MemoryBytes,
        };
        _pods = new PodWorkers(context);
        var proxyMeter = $"{ServiceProxyHost.MeterName}.{Guid.NewGuid():N}";
        if (_options.ServiceProxy)
        {
            _proxy = new ServiceProxyHost(_informers, new ServiceProxyOptions
            {
                NodeAddresses = new[] { IPAddress.Parse(Address), IPAddress.Loopback }.Distinct().ToList(),
                NodeName = _options.NodeName,
                MeterName = proxyMeter,
                TimeProvider = _options.Time,
                Ingress = _options.Ingress is { } ingress ? ingress with { Events = ingress.Events ?? _events } : null,
            }, _loggers);
        }
        _metrics = new AgentMetricsEndpoints(new AgentInstruments(_options.NodeName, _pods), new PodContainersCollector(_pods), _options.NodeCollectors,
            (source, error) => _logger.LogWarning("metrics from {Source} dropped from the scrape: {Error}", source, error.Message),
            [_kubelet.MeterName, proxyMeter, DnsMetrics.MeterName], _proxy is null ? [_kubelet.Probes] : [_kubelet.Probes, _proxy.Collector]);
        _metrics.Register(ResourceMetricsCollector.Path, new ResourceMetricsCollector(_pods, _options.NodeCollectors.Paths.Proc));
        _api = new AgentApiServer(IPAddress.Any, _options.Port, certificate, new AgentAuthenticator(_options.Cluster, _options.Time), _pods,
            _options.NodeName, _options.StateDirectory, _logger, _metrics);
        _api.Start();
        // Static pods start before registration: they run whether or not the apiserver answers.
        var staticPods = new StaticPodRunner(_pods, _client, _options.NodeName,
            _options.PodManifestPath ?? Path.Combine(_options.StateDirectory, "manifests"), _options.StaticPodCheckInterval, _options.Time, _logger);
        var staticRun = Task.Run(() => staticPods.RunAsync(_stop.Token), CancellationToken.None);

        var heartbeat = new NodeHeartbeat(_client, _recorder, _options, runtime.Capabilities, Address, _api.Port, CertificatePin, _logger);
        var eviction = new Eviction.EvictionManager(_pods, _recorder, _options.EvictionSignals ?? new Eviction.MachineSignalSource(_options.StateDirectory),
            _options.Eviction, _options.NodeName, _options.Time, _logger);
        heartbeat.PressureConditions = () => eviction.Conditions;
        await heartbeat.RegisterAsync(cancellationToken);
        var token = _stop.Token;
        _informers.Start(token);
        var proxyRun = _proxy is null ? Task.CompletedTask : Task.Run(() => _proxy.RunAsync(token), CancellationToken.None);
        if (_options.ClusterDns is { } dnsOptions)
        {
            try
            {
                _dns = await ClusterDns.StartAsync(_informers, dnsOptions, _logger, token, cancellationToken);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                // Port 53 needs root (or CAP_NET_BIND_SERVICE): the agent runs on without cluster DNS and says so.
                _logger.LogWarning("cluster DNS not served on {Address}:{Port}: {Error}", dnsOptions.Address, dnsOptions.Port, e.Message);
            }
        }
        _running = Task.WhenAll(
            Task.Run(() => heartbeat.RunAsync(token), CancellationToken.None),
            Task.Run(() => _pods.RunAsync(token), CancellationToken.None),
            staticRun,
            Task.Run(() => eviction.RunAsync(token), CancellationToken.None),
            Task.Run(() => new Volumes.LocalVolumeCleaner(_client, _options.NodeName, _options.StateDirectory, _logger).RunAsync(token), CancellationToken.None),
            proxyRun);
        await _pods.Informer.WaitForSyncAsync(cancellationToken);
        await RemoveOrphanedPodsAsync(staticPods, runtime.Capabilities.Cgroups);
    }

    /// <summary>
    /// Once the API's pods for this node are known: pods an earlier run left running that are no longer
    /// bound here (deleted while the agent was down) are stopped, since no worker will ever see them.
    /// Known are the workers, the informer's pods (a worker may not have started yet) and the static pods.
    /// </summary>
    private async Task RemoveOrphanedPodsAsync(StaticPodRunner staticPods, Cgroups.CgroupSupport cgroups)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        known.UnionWith(staticPods.DesiredUids());
        known.UnionWith(_pods!.Informer.Store.List().Select(ObjectMeta.Uid).OfType<string>());
        known.UnionWith(_pods.All.Select(w => w.Uid));
        await OrphanedPods.RemoveAsync(_options.StateDirectory, known, cgroups, _logger);
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (the CLI's Ctrl-C or SIGTERM).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        try { await Task.Delay(Timeout.Infinite, cancellationToken); }
        catch (OperationCanceledException) { }
    }

    /// <summary>
    /// A graceful shutdown (<c>obs agent</c> on SIGTERM, so <c>obs down</c>): the agent stops and
    /// takes its pods' processes with it, each given its grace period up to
    /// <see cref="NodeAgentOptions.ShutdownGracePeriod"/>. A crashed or killed agent runs none of
    /// this, and its pods live on for the next start to adopt.
    /// </summary>
    public Task ShutdownAsync() => StopAsync(stopPods: true);

    /// <summary>
    /// The pods' last events (Killing, at a shutdown) are written if the apiserver takes them within a few seconds;
    /// the agent does not wait longer for events, which are best effort.
    /// </summary>
    private async Task StopPodEventsAsync()
    {
        _recorder?.Complete();
        _recorderStop.CancelAfter(TimeSpan.FromSeconds(5));
        await _recorderWriting;
        _recorderStop.Dispose();
    }

    /// <summary>Stops the agent and leaves the pods' processes running, as the kubelet does, for the next start to adopt.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(stopPods: false);

    private async Task StopAsync(bool stopPods)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        await _stop.CancelAsync();
        if (_api is not null) await _api.DisposeAsync();
        // The loops end first, so none of them (the informer handing pods to workers, static pods) starts a worker the abandon would miss.
        try { await _running; }
        catch (OperationCanceledException) { }
        catch (Exception e) { _logger.LogWarning(e, "a loop of the node agent failed as it stopped"); }
        if (_pods is not null)
        {
            if (stopPods) await _pods.ShutdownAsync(_options.ShutdownGracePeriod);
            else await _pods.AbandonAsync();
        }
        if (_proxy is not null) await _proxy.DisposeAsync();
        if (_dns is not null) await _dns.DisposeAsync();
        await StopPodEventsAsync();
        _client?.Dispose();
        _events?.Dispose();
        _metrics?.Dispose();
        _kubelet?.Dispose();
    }
}
