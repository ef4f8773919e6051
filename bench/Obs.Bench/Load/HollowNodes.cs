using System.Globalization;
using System.Net;
using System.Text;

namespace Obs.Bench.Load;

/// <summary>
/// Nodes with no agent behind them (Kubernetes' "hollow nodes"): registered as an agent registers
/// its node, Ready with capacity for the benchmark's pods, so the scheduler has somewhere to put them.
/// </summary>
internal static class HollowNodes
{
    public static string Name(int index) => "hollow-" + index.ToString("D5", CultureInfo.InvariantCulture);

    public static byte[] Node(int index) => Encoding.UTF8.GetBytes($$$$"""
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"{{{{Name(index)}}}}","labels":{"kubernetes.io/hostname":"{{{{Name(index)}}}}","kubernetes.io/os":"linux","topology.kubernetes.io/zone":"zone-{{{{index % 3}}}}"}},
         "status":{"capacity":{"cpu":"4","memory":"16Gi","pods":"110","ephemeral-storage":"100Gi"},"allocatable":{"cpu":"4","memory":"16Gi","pods":"110","ephemeral-storage":"100Gi"},
         "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","lastHeartbeatTime":"{{{{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}}}","lastTransitionTime":"{{{{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}}}"}],
         "addresses":[{"type":"InternalIP","address":"10.{{{{index / 65536 % 256}}}}.{{{{index / 256 % 256}}}}.{{{{index % 256}}}}"}]}}
        """);

    /// <summary>Registers <paramref name="count"/> nodes through the clients in parallel; fails unless every one was stored.</summary>
    public static async Task CreateAsync(IReadOnlyList<HttpClient> clients, int count, CancellationToken cancellationToken)
    {
        var next = -1;
        var failures = 0;
        string? firstFailure = null;
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var index && index < count)
            {
                using var content = PodManifests.Content(Node(index));
                using var response = await client.PostAsync("/api/v1/nodes", content, cancellationToken);
                if (response.StatusCode != HttpStatusCode.Created && Interlocked.Increment(ref failures) == 1)
                    firstFailure = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
        }, cancellationToken)));
        if (failures > 0) throw new InvalidOperationException($"{failures} of {count} nodes were not created; the first: {firstFailure}");
    }
}
