using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;
using Obs.Testing;

namespace Obs.ServiceProxy.Tests;

/// <summary>
/// A real apiserver and a <see cref="ServiceProxyHost"/> fed by real informers, serving node ports on
/// 127.0.0.1, with a metrics registry like the agent's. Tests create Services and EndpointSlices through
/// the API and reach the proxy on the cluster IPs they chose.
/// </summary>
public sealed class ProxyCluster : IAsyncLifetime
{
    private static int _nextIp;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    public TestCluster Cluster { get; } = new();
    public ApiClient Client { get; private set; } = null!;
    public ServiceProxyHost Proxy { get; private set; } = null!;
    public MetricsRegistry Metrics { get; private set; } = null!;

    public static IPAddress NodeAddress { get; } = IPAddress.Loopback;

    /// <summary>The ingress proxy's ports on <see cref="NodeAddress"/> (free ones, rather than 80 and 443).</summary>
    public static int IngressHttpPort { get; } = FreePort();

    public static int IngressHttpsPort { get; } = FreePort();

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(NodeAddress, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    // A third octet of this process's own keeps parallel test runs on the machine apart.
    private static readonly int Octet = 100 + (Environment.ProcessId % 150);

    /// <summary>Short, so that a test sees an idle HTTP/1.1 connection closed; HttpClient reconnects when a pooled one was.</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(3);

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Client = new ApiClient(KubeconfigFile.Load(Cluster.Kubeconfig), new ApiClientOptions { Qps = 500, Burst = 1000 });
        Metrics = new MetricsRegistry(ServiceProxyHost.MeterName);
        var informers = new InformerFactory(new ApiClient(KubeconfigFile.Load(Cluster.Kubeconfig)));
        Proxy = new ServiceProxyHost(informers, new ServiceProxyOptions
        {
            NodeAddresses = [NodeAddress],
            UdpIdleTimeout = TimeSpan.FromSeconds(5),
            KeepAliveTimeout = KeepAliveTimeout,
            BindRetryPeriod = TimeSpan.FromMilliseconds(500),
            Ingress = new Obs.ServiceProxy.Ingress.IngressOptions { HttpPort = IngressHttpPort, HttpsPort = IngressHttpsPort },
        });
        Metrics.Register(Proxy.Collector);
        _running = Task.Run(() => Proxy.RunAsync(_stop.Token));
    }

    /// <summary>A cluster IP no other test uses, from the 127.77.0.0/16 range.</summary>
    public static IPAddress NextClusterIp() => IPAddress.Parse($"127.77.{Octet}.{Interlocked.Increment(ref _nextIp) % 250 + 1}");

    public async Task<string> NamespaceAsync()
    {
        var name = "ns-" + Guid.NewGuid().ToString("N")[..8];
        await Client.CreateAsync(ResourceTypes.Namespace, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } });
        return name;
    }

    public Task<JsonObject> CreateServiceAsync(string ns, string name, IPAddress clusterIp, JsonArray ports, Action<JsonObject>? spec = null, JsonObject? annotations = null)
    {
        var specObject = new JsonObject { ["clusterIP"] = clusterIp.ToString(), ["ports"] = ports };
        spec?.Invoke(specObject);
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (annotations is not null) metadata["annotations"] = annotations;
        return Client.CreateAsync(ResourceTypes.Service, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = metadata,
            ["spec"] = specObject,
        });
    }

    public static JsonObject Port(string? name, int port, object? targetPort = null, string protocol = "TCP", string? appProtocol = null, int? nodePort = null)
    {
        var p = new JsonObject { ["port"] = port, ["protocol"] = protocol };
        if (name is not null) p["name"] = name;
        if (targetPort is int number) p["targetPort"] = number;
        else if (targetPort is string text) p["targetPort"] = text;
        if (appProtocol is not null) p["appProtocol"] = appProtocol;
        if (nodePort is not null) p["nodePort"] = nodePort;
        return p;
    }

    /// <summary>An EndpointSlice of <paramref name="service"/>: endpoints (address, ready) sharing the given ports (name, port, protocol).</summary>
    public static JsonObject Slice(string ns, string service, string sliceName, IEnumerable<(string Address, bool Ready)> endpoints, params (string Name, int Port, string Protocol)[] ports) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject
        {
            ["name"] = sliceName,
            ["namespace"] = ns,
            ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service },
        },
        ["addressType"] = "IPv4",
        ["endpoints"] = new JsonArray([.. endpoints.Select(e => (JsonNode)new JsonObject
        {
            ["addresses"] = new JsonArray(e.Address),
            ["conditions"] = new JsonObject { ["ready"] = e.Ready },
        })]),
        ["ports"] = new JsonArray([.. ports.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["port"] = p.Port, ["protocol"] = p.Protocol })]),
    };

    public Task<JsonObject> CreateSliceAsync(JsonObject slice) => Client.CreateAsync(ResourceTypes.EndpointSlice, slice);

    /// <summary>Replaces a slice's endpoints and ports with those of <paramref name="desired"/>.</summary>
    public async Task ReplaceSliceAsync(JsonObject desired)
    {
        var current = await Client.GetAsync(ResourceTypes.EndpointSlice, desired["metadata"]!["namespace"]!.GetValue<string>(), desired["metadata"]!["name"]!.GetValue<string>());
        current["endpoints"] = desired["endpoints"]!.DeepClone();
        current["ports"] = desired["ports"]!.DeepClone();
        await Client.UpdateAsync(ResourceTypes.EndpointSlice, current);
    }

    /// <summary>Waits until the proxy serves <paramref name="address"/> (<c>ip:port/TCP</c>) for the given service.</summary>
    public Task ServingAsync(IPAddress ip, int port, string ns, string service, string protocol = "TCP") =>
        EventuallyAsync(() => Proxy.Serving.Any(s => s.StartsWith($"{ip}:{port}/{protocol} → {ns}/{service}:", StringComparison.Ordinal)),
            () => $"the proxy to serve {ip}:{port}/{protocol} for {ns}/{service}; serving: {string.Join("; ", Proxy.Serving)}; failed: {string.Join("; ", Proxy.FailedListeners)}");

    /// <summary>Waits until the proxy serves <paramref name="ip"/>:<paramref name="port"/> with exactly <paramref name="endpoints"/> ready endpoints.</summary>
    public Task EndpointsAsync(IPAddress ip, int port, int endpoints, string protocol = "TCP") =>
        EventuallyAsync(() => Proxy.Serving.Any(s => s.StartsWith($"{ip}:{port}/{protocol} → ", StringComparison.Ordinal) && s.EndsWith($", {endpoints} endpoints)", StringComparison.Ordinal)),
            () => $"{ip}:{port}/{protocol} to have {endpoints} endpoints; serving: {string.Join("; ", Proxy.Serving)}");

    /// <summary>Waits until the proxy has applied a table after now (so that a change made before is in effect).</summary>
    public async Task AppliedAfterAsync(long applied) =>
        await EventuallyAsync(() => Proxy.Applied > applied, () => "the proxy to apply the change");

    public string Scrape()
    {
        var output = new ArrayBufferWriter<byte>();
        Metrics.WriteTo(output, ExpositionFormat.PrometheusText);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after 20 s, describing the state then.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, Func<string> what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what()}");
            await Task.Delay(25);
        }
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, Func<string> what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what()}");
            await Task.Delay(25);
        }
    }

    /// <summary>A free port in the NodePort range (30000–32767) on the node address.</summary>
    public static int FreeNodePort()
    {
        for (var i = 0; i < 200; i++)
        {
            var port = Random.Shared.Next(30000, 32768);
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(NodeAddress, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free port in 30000-32767");
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (OperationCanceledException)
        {
        }
        await Proxy.DisposeAsync();
        Metrics.Dispose();
        Client.Dispose();
        await Cluster.DisposeAsync();
    }
}
