using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Client.Watch;

namespace Obs.Controllers.Tests.StatefulSets;

/// <summary>Records, from a watch, the order in which pods of a namespace were added and deleted ("+web-0", "-web-2").</summary>
internal sealed class PodEvents : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<string> _events = [];

    private PodEvents(ApiClient client, string ns, string resourceVersion)
    {
        _loop = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in client.WatchAsync(ResourceTypes.Pod, ns, new WatchOptions { ResourceVersion = resourceVersion }, _stop.Token))
                {
                    var sign = e.Type switch { WatchEventType.Added => "+", WatchEventType.Deleted => "-", _ => null };
                    if (sign is not null) lock (_events) _events.Add(sign + ObjectMeta.Name(e.Object));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public static async Task<PodEvents> StartAsync(ApiClient client, string ns)
    {
        var list = await client.ListAsync(ResourceTypes.Pod, ns);
        return new PodEvents(client, ns, list.ResourceVersion);
    }

    public List<string> Events
    {
        get { lock (_events) return [.. _events]; }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
