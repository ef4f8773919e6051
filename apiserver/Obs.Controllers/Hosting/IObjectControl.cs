using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Client.Events;

namespace Obs.Controllers.Hosting;

/// <summary>
/// Every write a controller makes, behind one small interface (client-go's podControl and
/// rsControl together, and the event recorder): a sync test swaps in a recorder and counts creates,
/// patches, deletes and events.
/// </summary>
public interface IObjectControl
{
    /// <summary>
    /// A fresh read from the apiserver, null when the object is gone: what a write that met a conflict (409) retries from,
    /// since the informer's copy may not show the change it lost to yet.
    /// </summary>
    Task<JsonObject?> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken);

    /// <summary>Creates the object (generateName honoured); returns what the apiserver stored.</summary>
    Task<JsonObject> CreateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken);

    /// <summary>PUT with the object's resourceVersion: a compare-and-swap.</summary>
    Task<JsonObject> UpdateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken);

    Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken);

    /// <summary>A JSON merge patch (RFC 7386) of the object.</summary>
    Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, JsonObject mergePatch, CancellationToken cancellationToken);

    /// <summary>Deletes; an object already gone is not an error. <paramref name="uid"/>, when given, is a precondition.</summary>
    Task DeleteAsync(ResourceType type, string? @namespace, string name, string? uid, string? propagationPolicy, CancellationToken cancellationToken);

    /// <summary>Queues an Event about <paramref name="about"/>, written by <paramref name="component"/>; never blocks or throws.</summary>
    void RecordEvent(string component, InvolvedObject about, string type, string reason, string message);
}
