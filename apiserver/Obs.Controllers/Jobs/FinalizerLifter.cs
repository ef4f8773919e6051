using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Jobs;

/// <summary>Lifts the tracking finalizer from pods, noting each lift as expected until the informer shows it.</summary>
internal sealed class FinalizerLifter(IObjectControl control, FinalizerRemovals removals)
{
    /// <summary>
    /// True when the pod no longer holds the finalizer (lifted now, or the pod is gone); false when
    /// it changed meanwhile: its update wakes the Job again, which then lifts it from the new version.
    /// </summary>
    public async Task<bool> LiftAsync(string? jobKey, JsonObject pod, CancellationToken cancellationToken)
    {
        var uid = ObjectMeta.Uid(pod)!;
        if (jobKey is not null) removals.Expect(jobKey, uid);
        try
        {
            await control.PatchAsync(ResourceTypes.Pod, ObjectMeta.Namespace(pod), ObjectMeta.Name(pod)!, TrackingFinalizer.RemovalPatch(pod), cancellationToken);
            return true;
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return true;
        }
        catch (ApiException e) when (e.IsConflict)
        {
            if (jobKey is not null) removals.Observed(jobKey, uid);
            return false;
        }
        catch
        {
            if (jobKey is not null) removals.Observed(jobKey, uid);
            throw;
        }
    }

    /// <summary>
    /// Lifts every pod's finalizer, trying them all even after an error: the uids no longer held,
    /// and the first error, which the caller throws once it has recorded the progress.
    /// </summary>
    public async Task<(HashSet<string> Lifted, Exception? Error)> LiftAllAsync(string? jobKey, IEnumerable<JsonObject> pods, CancellationToken cancellationToken)
    {
        var lifted = new HashSet<string>(StringComparer.Ordinal);
        Exception? error = null;
        foreach (var pod in pods)
        {
            try
            {
                if (await LiftAsync(jobKey, pod, cancellationToken)) lifted.Add(ObjectMeta.Uid(pod)!);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error ??= e;
            }
        }
        return (lifted, error);
    }
}
