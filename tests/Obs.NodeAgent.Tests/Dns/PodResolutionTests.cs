using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.NodeAgent.Dns;
using Obs.NodeAgent.Tests.Runtime;

namespace Obs.NodeAgent.Tests.Dns;

/// <summary>
/// A process in a pod's mount namespace, with the resolv.conf the pod gets, resolves short service
/// names through glibc (getent): the search path, ndots:5 and glibc's parallel A/AAAA queries all
/// meet the server. The server listens on port 53 (resolv.conf cannot name another) of an address
/// of its own in 127.77.0.0/16, which root may bind.
/// </summary>
public sealed class PodResolutionTests(DnsCluster cluster) : IClassFixture<DnsCluster>
{
    [Fact]
    public async Task AShortServiceNameAndAStatefulSetPodNameResolveInsideThePod()
    {
        var ns = await cluster.NamespaceAsync();
        var ip = DnsCluster.NextClusterIp();
        await cluster.CreateAsync(ResourceTypes.Service, ns, $$$"""{"metadata":{"name":"web"},"spec":{"clusterIP":"{{{ip}}}","ports":[{"port":80}]}}""");
        await cluster.CreateAsync(ResourceTypes.Service, ns, """{"metadata":{"name":"db"},"spec":{"clusterIP":"None","ports":[{"name":"pg","port":5432}]}}""");
        await cluster.CreateAsync(ResourceTypes.EndpointSlice, ns, """
            {"metadata":{"name":"db-x","labels":{"kubernetes.io/service-name":"db"}},"addressType":"IPv4","ports":[{"name":"pg","port":5432,"protocol":"TCP"}],
             "endpoints":[{"addresses":["10.70.0.1"],"hostname":"db-0","conditions":{"ready":true}}]}
            """);

        using var stop = new CancellationTokenSource();
        var address = IPAddress.Parse($"127.77.251.{Random.Shared.Next(1, 255)}");
        var options = new ClusterDnsOptions { Address = address, Port = 53, Upstreams = [] };
        await using var dns = await ClusterDns.StartAsync(new InformerFactory(cluster.Client), options, stopping: stop.Token);
        try
        {
            await using var test = new TestRuntime(namespaces: true);
            var sandbox = await test.SandboxAsync("resolver");
            Assert.True(sandbox.Isolated, sandbox.IsolationReason);
            var pod = (JsonObject)JsonNode.Parse($$$"""{"metadata":{"name":"resolver","namespace":"{{{ns}}}"},"spec":{}}""")!;
            var directory = Path.Combine(Path.GetTempPath(), $"obs-dns-{Guid.NewGuid():N}");
            var nsenter = test.Runtime.Capabilities.Namespaces.NsenterPath;
            Assert.Null(await PodResolvConfFile.InstallAsync(sandbox, Path.Combine(directory, "resolv.conf"), dns.ResolvConfFor(pod)));
            try
            {
                Assert.Equal($"{ip} web.{ns}.svc.cluster.local", await GetentAsync(nsenter, sandbox.MountNamespacePath!, "web"));
                Assert.Equal($"10.70.0.1 db-0.db.{ns}.svc.cluster.local", await GetentAsync(nsenter, sandbox.MountNamespacePath!, "db-0.db"));
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    /// <summary>getent ahosts (A and AAAA together, as most programs ask) in the pod's mount namespace, whitespace folded; asked again while the informers catch up.</summary>
    private static async Task<string> GetentAsync(string nsenter, string mountNamespace, string name)
    {
        var output = "";
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var start = new ProcessStartInfo(nsenter, [$"--mount={mountNamespace}", "--", "getent", "ahosts", name]) { RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var line = output.Split('\n').FirstOrDefault(l => l.Contains("STREAM", StringComparison.Ordinal));
            if (process.ExitCode == 0 && line is not null)
                return string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w != "STREAM"));
            await Task.Delay(100);
        }
        return $"(getent found nothing: {output})";
    }
}
