using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Controllers.Tests;

/// <summary>
/// Plays the node agent for one namespace: every pod it has not started yet becomes Running and
/// Ready with a pod IP after <see cref="StartDelay"/>. Nothing else in these tests runs pods.
/// </summary>
internal sealed class FakeKubelet : IAsyncDisposable
{
    private readonly ApiClient _client;
    private readonly string _namespace;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<string, DateTime> _firstSeen = [];
    private int _nextIp = 10;

    public FakeKubelet(ApiClient client, string @namespace, TimeSpan? startDelay = null)
    {
        _client = client;
        _namespace = @namespace;
        StartDelay = startDelay ?? TimeSpan.Zero;
        _loop = Task.Run(LoopAsync);
    }

    public TimeSpan StartDelay { get; set; }

    /// <summary>What the pods' containers do: keep running (and ready), or exit with success or failure.</summary>
    public string Phase { get; init; } = "Running";

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                {
                    var pods = await _client.ListAsync(ResourceTypes.Pod, _namespace, null, _stop.Token);
                    foreach (var pod in pods.Items)
                    {
                        if (pod.StringAt("status", "phase") is not (null or "Pending") || ObjectMeta.DeletionTimestamp(pod) is not null) continue;
                        var uid = ObjectMeta.Uid(pod)!;
                        if (!_firstSeen.TryGetValue(uid, out var seen)) _firstSeen[uid] = seen = DateTime.UtcNow;
                        if (DateTime.UtcNow - seen < StartDelay) continue;
                        await StartAsync(pod);
                    }
                }
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ApiException)
            {
                // A pod deleted or changed meanwhile: the next round sees it as it is.
            }
        }
    }

    private async Task StartAsync(JsonObject pod)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        if (Phase != "Running")
        {
            pod["status"] = new JsonObject { ["phase"] = Phase, ["startTime"] = now };
            await _client.UpdateStatusAsync(ResourceTypes.Pod, pod, null, _stop.Token);
            return;
        }
        pod["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["podIP"] = $"10.1.0.{Interlocked.Increment(ref _nextIp)}",
            ["startTime"] = now,
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = now },
                new JsonObject { ["type"] = "ContainersReady", ["status"] = "True", ["lastTransitionTime"] = now }),
        };
        await _client.UpdateStatusAsync(ResourceTypes.Pod, pod, null, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
