using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Controllers.Tests.Disruption;

/// <summary>
/// Plays the node agent's last step for one namespace: a pod being deleted has its containers
/// stopped and is then removed (a delete with grace period 0), as <c>kubectl drain</c> waits for.
/// </summary>
internal sealed class PodTerminator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public PodTerminator(ApiClient client, string @namespace) => _loop = Task.Run(() => LoopAsync(client, @namespace));

    private async Task LoopAsync(ApiClient client, string ns)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                foreach (var pod in (await client.ListAsync(ResourceTypes.Pod, ns, null, _stop.Token)).Items)
                {
                    if (ObjectMeta.DeletionTimestamp(pod) is null) continue;
                    await client.DeleteAsync(ResourceTypes.Pod, ns, ObjectMeta.Name(pod)!,
                        new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = ObjectMeta.Uid(pod) }, _stop.Token);
                }
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ApiException)
            {
                // Gone meanwhile: the next round sees the namespace as it is.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
