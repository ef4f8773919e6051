using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Controllers.Hosting;

/// <summary>
/// Creates and deletes an owner's pods and records each on the owner as client-go's
/// RealPodControl does (SuccessfulCreate "Created pod: web-x7k2p", FailedCreate "Error creating: …",
/// SuccessfulDelete, FailedDelete), for the ReplicaSet, DaemonSet and Job controllers.
/// </summary>
public sealed class PodControl(IObjectControl control, ControllerEvents events)
{
    public async Task<JsonObject> CreateAsync(JsonObject owner, JsonObject pod, CancellationToken cancellationToken)
    {
        try
        {
            var created = await control.CreateAsync(ResourceTypes.Pod, pod, cancellationToken);
            events.Normal(owner, "SuccessfulCreate", "Created pod: " + ObjectMeta.Name(created));
            return created;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            events.Warning(owner, "FailedCreate", "Error creating: " + e.Message);
            throw;
        }
    }

    public async Task DeleteAsync(JsonObject owner, JsonObject pod, CancellationToken cancellationToken)
    {
        var name = ObjectMeta.Name(pod)!;
        try
        {
            await control.DeleteAsync(ResourceTypes.Pod, ObjectMeta.Namespace(pod), name, ObjectMeta.Uid(pod), null, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            events.Warning(owner, "FailedDelete", "Error deleting: " + e.Message);
            throw;
        }
        events.Normal(owner, "SuccessfulDelete", "Deleted pod: " + name);
    }
}
