using System.Diagnostics;
using System.Net;

namespace Obs.Bench.Load;

/// <summary>
/// Closed-loop creates: each client sends its next Pod as soon as the previous one is answered,
/// as 16 controllers or `kubectl apply` runs in parallel would. Used for the create benchmark
/// and to fill the store for the others.
/// </summary>
internal static class PodCreator
{
    public static async Task<CreateRun> CreateAsync(IReadOnlyList<HttpClient> clients, string ns, int first, int count, CancellationToken cancellationToken)
    {
        var path = $"/api/v1/namespaces/{ns}/pods";
        var next = first - 1;
        var end = first + count;
        var errors = 0;
        string? firstError = null;
        var latencies = new double[count];
        var clock = Stopwatch.StartNew();
        var workers = clients.Select(client => Task.Run(async () =>
        {
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= end) return;
                using var content = PodManifests.Content(PodManifests.Pod(index));
                var start = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync(path, content, cancellationToken);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                latencies[index - first] = LatencySample.Milliseconds(start, Stopwatch.GetTimestamp());
                if (response.StatusCode != HttpStatusCode.Created && Interlocked.Increment(ref errors) == 1)
                    firstError = $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}";
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(workers);
        return new CreateRun(count, clock.Elapsed, new LatencySample(latencies), errors, firstError);
    }

    /// <summary>Creates the namespace (the system namespaces appear in the background just after start).</summary>
    public static async Task CreateNamespaceAsync(HttpClient client, string ns, CancellationToken cancellationToken)
    {
        using var content = PodManifests.Content(PodManifests.Namespace(ns));
        using var response = await client.PostAsync("/api/v1/namespaces", content, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
            throw new InvalidOperationException($"creating namespace {ns}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    /// <summary>Creates the Pods and fails unless every one was stored.</summary>
    public static Task<CreateRun> FillAsync(IReadOnlyList<HttpClient> clients, string ns, int count, CancellationToken cancellationToken) =>
        FillAsync(clients, ns, 0, count, cancellationToken);

    /// <summary>Creates the Pods numbered from <paramref name="first"/> and fails unless every one was stored.</summary>
    public static async Task<CreateRun> FillAsync(IReadOnlyList<HttpClient> clients, string ns, int first, int count, CancellationToken cancellationToken)
    {
        var run = await CreateAsync(clients, ns, first, count, cancellationToken);
        if (run.Errors > 0) throw new InvalidOperationException($"{run.Errors} of {count} creates failed; the first: {run.FirstError}");
        return run;
    }
}
