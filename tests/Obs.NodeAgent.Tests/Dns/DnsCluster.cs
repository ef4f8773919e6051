using System.Net;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.NodeAgent.Dns;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Dns;

/// <summary>A real apiserver on a private PostgreSQL and the cluster DNS over its informers, on 127.0.0.1 at a free port, forwarding to a fake upstream.</summary>
public sealed class DnsCluster : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();

    public TestCluster Cluster { get; } = new();

    public ApiClient Client { get; private set; } = null!;

    public ClusterDns Dns { get; private set; } = null!;

    internal FakeUpstream Upstream { get; } = new(IPAddress.Parse("192.0.2.53"));

    public IPEndPoint EndPoint => Dns.EndPoint;

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        var connection = KubeconfigFile.Load(Cluster.Kubeconfig);
        Client = new ApiClient(connection, new ApiClientOptions { Qps = 200, Burst = 400 });
        var options = new ClusterDnsOptions { Address = IPAddress.Loopback, Port = 0, Upstreams = [Upstream.EndPoint] };
        Dns = await ClusterDns.StartAsync(new InformerFactory(Client), options, stopping: _stop.Token);
    }

    public async Task<string> NamespaceAsync()
    {
        var name = $"ns-{Guid.NewGuid().ToString("N")[..8]}";
        await Client.CreateAsync(ResourceTypes.Namespace, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } });
        return name;
    }

    public Task<JsonObject> CreateAsync(ResourceType type, string @namespace, string json)
    {
        var obj = (JsonObject)JsonNode.Parse(json)!;
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        obj.Ensure("metadata")["namespace"] = @namespace;
        return Client.CreateAsync(type, obj);
    }

    /// <summary>A cluster IP nobody else in this run uses.</summary>
    public static string NextClusterIp()
    {
        var n = Interlocked.Increment(ref _nextIp);
        return $"127.77.{200 + n / 250}.{1 + n % 250}";
    }

    private static int _nextIp;

    /// <summary>Asks until the answer's records read as expected (the informers take a moment), then returns it.</summary>
    public async Task<DnsMessage> EventuallyAsync(string name, DnsType type, DnsTransport transport, Func<DnsMessage, bool> done)
    {
        DnsMessage last = null!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            last = await DnsTestClient.QueryAsync(EndPoint, name, type, transport);
            if (done(last)) return last;
            await Task.Delay(50);
        }
        return last;
    }

    public async Task DisposeAsync()
    {
        await Dns.DisposeAsync();
        await _stop.CancelAsync();
        await Upstream.DisposeAsync();
        Client.Dispose();
        await Cluster.DisposeAsync();
    }
}
