using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Obs.Client.Config;
using Obs.NodeAgent.Agent;
using Obs.NodeAgent.Dns;
using Obs.NodeAgent.Eviction;
using Obs.NodeAgent.Hollow;
using Obs.NodeAgent.Logging;

namespace Obs.NodeAgent.Commands;

/// <summary>
/// <c>obs agent</c>: runs one node agent in the foreground until SIGTERM or Ctrl-C. The cluster is
/// a kubeconfig, or <c>--server</c> with <c>--token</c> (and the cluster CA) to join from another
/// host. Stopping the agent (SIGTERM, Ctrl-C) stops its pods too, unless <c>--keep-pods</c>; a
/// killed agent leaves them running, and the next start adopts them.
/// </summary>
/// <remarks>
/// One implementation, two programs: <c>obs agent</c> (a command of the <c>obs</c> CLI) and <c>obs-agent</c>, the
/// natively compiled agent that <c>obs up</c> runs (<c>nodeagent/Obs.Agent</c>), whose root command is this one.
/// </remarks>
public static class AgentCommand
{
    /// <summary>The <c>agent</c> command of the <c>obs</c> CLI.</summary>
    public static Command Create() => Configure(new Command("agent", Description));

    /// <summary>The same options and action as the root command of a program of its own (<c>obs-agent</c>).</summary>
    public static RootCommand CreateRoot() => Configure(new RootCommand(Description));

    private const string Description = "Run a node agent in the foreground";

    private static T Configure<T>(T command) where T : Command
    {
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "kubeconfig of the cluster to join" };
        var server = new Option<string>("--server") { Description = "apiserver URL (with --token)" };
        var token = new Option<string>("--token") { Description = "bearer token the agent joins with" };
        var caFile = new Option<string>("--ca-file") { Description = "PEM CA of the apiserver's certificate" };
        var name = new Option<string>("--name") { Description = "node name (default: the host name)" };
        var port = new Option<int>("--port") { Description = "HTTPS port of the agent API", DefaultValueFactory = _ => 10250 };
        var stateDir = new Option<string>("--state-dir") { Description = "where logs, volumes and records live", DefaultValueFactory = _ => Path.Combine(Environment.GetEnvironmentVariable("OBS_HOME") ?? ".obs", "agent") };
        var address = new Option<string>("--address") { Description = "address to report as the node's InternalIP (default: the host's first IPv4)" };
        var cert = new Option<string>("--tls-cert-file") { Description = "PEM serving certificate (default: self-signed in the state dir)" };
        var key = new Option<string>("--tls-private-key-file") { Description = "PEM key of the serving certificate" };
        var manifests = new Option<string>("--pod-manifest-path") { Description = "directory of static pod manifests (default: <state dir>/manifests)" };
        var evictionHard = new Option<string>("--eviction-hard") { Description = "hard eviction thresholds, e.g. memory.available<100Mi,nodefs.available<10% (replaces all the defaults)" };
        var ingressHttp = new Option<int>("--ingress-http-port") { Description = "port of the ingress proxy's HTTP listener on the node's addresses (0: none; one that cannot be bound is reported and the agent runs on)", DefaultValueFactory = _ => 80 };
        var ingressHttps = new Option<int>("--ingress-https-port") { Description = "port of the ingress proxy's HTTPS listener on the node's addresses (0: none; one that cannot be bound is reported and the agent runs on)", DefaultValueFactory = _ => 443 };
        var keepPods = new Option<bool>("--keep-pods") { Description = "leave the pods running when the agent stops (SIGTERM, Ctrl-C), for the next start to adopt, as the kubelet does; by default they are stopped with it" };
        var hollow = new Option<int>("--hollow") { Description = "run N hollow nodes (fake runtime, real API traffic) instead of a real agent" };
        var namePrefix = new Option<string>("--name-prefix") { Description = "hollow node names: <prefix><index>", DefaultValueFactory = _ => "hollow-" };
        var hollowCapacity = new Option<string>("--hollow-capacity") { Description = "each hollow node's capacity, e.g. cpu=8,memory=32Gi,pods=110" };
        var qps = new Option<double>("--kube-api-qps") { Description = "requests per second to the apiserver (the kubelet's default)", DefaultValueFactory = _ => 50 };
        var burst = new Option<int>("--kube-api-burst") { Description = "burst of requests to the apiserver", DefaultValueFactory = _ => 100 };
        var clusterDns = new Option<string>("--cluster-dns") { Description = "the cluster DNS address this agent serves and pods resolve with: the apiserver's service range's tenth address", DefaultValueFactory = _ => "127.77.0.10" };
        var clusterDomain = new Option<string>("--cluster-domain") { Description = "the cluster's DNS domain", DefaultValueFactory = _ => "cluster.local" };
        foreach (var option in new Option[] { kubeconfig, server, token, caFile, name, port, stateDir, address, cert, key, manifests, evictionHard, qps, burst, ingressHttp, ingressHttps, keepPods, hollow, namePrefix, hollowCapacity, clusterDns, clusterDomain })
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ClusterConnection cluster;
            if (parse.GetValue(kubeconfig) is { Length: > 0 } path)
            {
                cluster = KubeconfigFile.Load(path);
            }
            else if (parse.GetValue(server) is { Length: > 0 } url)
            {
                var ca = parse.GetValue(caFile) is { Length: > 0 } file ? await File.ReadAllTextAsync(file, cancellationToken) : null;
                cluster = ClusterConnection.Explicit(url, ca, parse.GetValue(token));
            }
            else
            {
                Console.Error.WriteLine("obs agent: --kubeconfig, or --server with --token, is required");
                return 2;
            }
            if (parse.GetValue(hollow) is > 0 and var count)
            {
                HollowOptions hollowOptions;
                try
                {
                    hollowOptions = new HollowOptions { Cluster = cluster, Count = count, NamePrefix = parse.GetValue(namePrefix)! }.WithCapacity(parse.GetValue(hollowCapacity));
                }
                catch (FormatException e)
                {
                    Console.Error.WriteLine($"obs agent: --hollow-capacity: {e.Message}");
                    return 2;
                }
                await using var nodes = await HollowNodeSet.StartAsync(hollowOptions, null, cancellationToken);
                Console.WriteLine($"obs agent: {count} hollow nodes {hollowOptions.NamePrefix}0..{hollowOptions.NamePrefix}{count - 1}");
                try { await Task.Delay(Timeout.Infinite, cancellationToken); } catch (OperationCanceledException) { }
                return 0;
            }
            if (parse.GetValue(ingressHttp) is < 0 or > 65535 || parse.GetValue(ingressHttps) is < 0 or > 65535)
            {
                Console.Error.WriteLine("obs agent: --ingress-http-port and --ingress-https-port must be ports, 0–65535 (0: none)");
                return 2;
            }
            if (!IPAddress.TryParse(parse.GetValue(clusterDns), out var dnsAddress) || dnsAddress.AddressFamily != AddressFamily.InterNetwork || !IPAddress.IsLoopback(dnsAddress))
            {
                // Loopback, as every Service address: each agent serves it on its own host.
                Console.Error.WriteLine($"obs agent: --cluster-dns must be an IPv4 loopback address (127.x.y.z) in the apiserver's service range, got \"{parse.GetValue(clusterDns)}\"");
                return 2;
            }
            EvictionOptions eviction;
            try
            {
                eviction = new EvictionOptions { Thresholds = EvictionThresholds.Parse(parse.GetValue(evictionHard)) };
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"obs agent: {e.Message}");
                return 2;
            }
            var options = new NodeAgentOptions
            {
                Cluster = cluster,
                NodeName = parse.GetValue(name) is { Length: > 0 } n ? n : Environment.MachineName.ToLowerInvariant(),
                Port = parse.GetValue(port),
                StateDirectory = Path.GetFullPath(parse.GetValue(stateDir)!),
                Address = parse.GetValue(address),
                TlsCertFile = parse.GetValue(cert),
                TlsKeyFile = parse.GetValue(key),
                Eviction = eviction,
                ClusterDns = new ClusterDnsOptions { Address = dnsAddress, Zone = parse.GetValue(clusterDomain)!.Trim('.') },
                PodManifestPath = parse.GetValue(manifests) is { Length: > 0 } m ? Path.GetFullPath(m) : null,
                ApiQps = parse.GetValue(qps),
                ApiBurst = parse.GetValue(burst),
                Ingress = new Obs.ServiceProxy.Ingress.IngressOptions
                {
                    HttpPort = parse.GetValue(ingressHttp),
                    HttpsPort = parse.GetValue(ingressHttps),
                    // A port it cannot bind never stops the agent: it says so here (the log `obs up` keeps) and in a node event.
                    Report = message => Console.Error.WriteLine($"obs agent: {message}"),
                },
            };
            // Its warnings (a pod that cannot start, a service address it cannot listen on) go to the log `obs up` keeps.
            using var loggers = LineLoggerFactory.Console(LogLevel.Information);
            await using var agent = await NodeAgentHost.StartAsync(options, loggers, cancellationToken);
            Console.WriteLine($"obs agent: node {options.NodeName} at {agent.Address}, API on :{agent.Port}");
            await agent.WaitAsync(cancellationToken);
            if (!parse.GetValue(keepPods)) await agent.ShutdownAsync();
            return 0;
        });
        return command;
    }
}
