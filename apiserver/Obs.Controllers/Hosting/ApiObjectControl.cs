using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Client.Events;
using Obs.Client.Rest;

namespace Obs.Controllers.Hosting;

/// <summary>The real <see cref="IObjectControl"/>: each call is one request to the apiserver.</summary>
public sealed class ApiObjectControl(ApiClient client, EventRecorder events) : IObjectControl
{
    private static readonly WriteOptions Manager = new() { FieldManager = "obs-controller-manager" };

    public Task<JsonObject?> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken) =>
        client.TryGetAsync(type, @namespace, name, cancellationToken);

    public Task<JsonObject> CreateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) =>
        client.CreateAsync(type, obj, Manager, cancellationToken);

    public Task<JsonObject> UpdateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) =>
        client.UpdateAsync(type, obj, Manager, cancellationToken);

    public Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) =>
        client.UpdateStatusAsync(type, obj, Manager, cancellationToken);

    public Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, JsonObject mergePatch, CancellationToken cancellationToken) =>
        client.PatchAsync(type, @namespace, name, PatchType.Merge, mergePatch, Manager, null, cancellationToken);

    public async Task DeleteAsync(ResourceType type, string? @namespace, string name, string? uid, string? propagationPolicy, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteAsync(type, @namespace, name, new DeleteOptions { PreconditionUid = uid, PropagationPolicy = propagationPolicy }, cancellationToken);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
    }

    public void RecordEvent(string component, InvolvedObject about, string type, string reason, string message) =>
        events.Record(component, about, type, reason, message);
}
