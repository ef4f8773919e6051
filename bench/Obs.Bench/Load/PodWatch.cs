using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Obs.Bench.Load;

/// <summary>A watch on the benchmark namespace's Pods, handing each event (its type and object) with its arrival time to a callback.</summary>
internal static class PodWatch
{
    /// <summary>Opens the watch (from <paramref name="resourceVersion"/> when given); the returned task reads it until stopped.</summary>
    public static async Task<Task> OpenAsync(HttpClient client, string? resourceVersion, Action<long, string, JsonElement> onEvent, CancellationToken stop)
    {
        var from = resourceVersion is null ? "" : $"&resourceVersion={resourceVersion}";
        var response = await client.GetAsync($"/api/v1/namespaces/{Benchmarks.BenchContext.Namespace}/pods?watch=1{from}", HttpCompletionOption.ResponseHeadersRead, stop);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"watch pods: {(int)response.StatusCode}");
        var stream = await response.Content.ReadAsStreamAsync(stop);
        return Task.Run(async () =>
        {
            using var owned = response;
            using var reader = new StreamReader(stream);
            try
            {
                while (await reader.ReadLineAsync(stop) is { } line)
                {
                    var arrived = Stopwatch.GetTimestamp();
                    using var json = JsonDocument.Parse(line);
                    onEvent(arrived, json.RootElement.GetProperty("type").GetString()!, json.RootElement.GetProperty("object"));
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        }, CancellationToken.None);
    }

    public static string Name(JsonElement pod) => pod.GetProperty("metadata").GetProperty("name").GetString()!;
}
