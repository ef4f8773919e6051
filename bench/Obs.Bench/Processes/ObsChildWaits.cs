using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Obs.Bench.Processes;

/// <summary>Waiting on what an `obs` child does to the cluster (a node turning Ready), and failing with its log when it dies or stalls.</summary>
internal static class ObsChildWaits
{
    public static async Task UntilAsync(Func<Task<bool>> condition, ObsChild process, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (!process.IsRunning) throw new InvalidOperationException($"{process.Name} exited while waiting for {what}; its log:\n{process.Tail()}");
            if (clock.Elapsed > timeout) throw new TimeoutException($"timed out waiting for {what}; the log of {process.Name}:\n{process.Tail()}");
            await Task.Delay(100, cancellationToken);
        }
    }

    public static async Task<bool> NodeReadyAsync(HttpClient client, string node, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/api/v1/nodes/{node}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK) return false;
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return IsReady(json.RootElement);
    }

    public static async Task<int> ReadyNodesAsync(HttpClient client, string prefix, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync("/api/v1/nodes", cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return json.RootElement.GetProperty("items").EnumerateArray()
            .Count(n => n.GetProperty("metadata").GetProperty("name").GetString()!.StartsWith(prefix, StringComparison.Ordinal) && IsReady(n));
    }

    private static bool IsReady(JsonElement node) =>
        node.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions)
        && conditions.EnumerateArray().Any(c => c.GetProperty("type").GetString() == "Ready" && c.GetProperty("status").GetString() == "True");
}
