using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Validation;
using Obs.Client.Events;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Tests.Hosting;

/// <summary>An <see cref="IObjectControl"/> that records every write and answers as the apiserver would, without one.</summary>
internal sealed class RecordingObjectControl : IObjectControl
{
    private int _names;

    public List<(string Verb, ResourceType Type, JsonObject Object)> Actions { get; } = [];

    public IEnumerable<JsonObject> Of(string verb, ResourceType type) => Actions.Where(a => a.Verb == verb && a.Type == type).Select(a => a.Object);

    /// <summary>When set, every create fails with it, as a quota or an admission rejection would.</summary>
    public Exception? CreateError { get; set; }

    public Task<JsonObject> CreateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken)
    {
        if (CreateError is not null) return Task.FromException<JsonObject>(CreateError);
        lock (Actions)
        {
            var copy = (JsonObject)obj.DeepClone();
            var meta = copy.Ensure("metadata");
            if (meta["name"] is null) meta["name"] = meta["generateName"]!.GetValue<string>() + $"x{_names++:d4}";
            meta["uid"] = Guid.NewGuid().ToString();
            Actions.Add(("create", type, copy));
            return Task.FromResult(copy);
        }
    }

    /// <summary>
    /// A compare-and-swap against <see cref="Known"/> when the object is there (a <c>/status</c> write too), as the
    /// apiserver does it: a stale resourceVersion is a 409 Conflict (and is not recorded), a current one is stored under
    /// the next version.
    /// </summary>
    public Task<JsonObject> UpdateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) => CompareAndSwapAsync("update", type, obj);

    private async Task<JsonObject> CompareAndSwapAsync(string verb, ResourceType type, JsonObject obj)
    {
        var key = (type, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj)!);
        if (!Known.TryGetValue(key, out var known)) return await Record(verb, type, obj);
        var version = ObjectMeta.ResourceVersion(known);
        if (ObjectMeta.ResourceVersion(obj) != version)
        {
            throw new ApiException(new JsonObject
            {
                ["kind"] = "Status",
                ["code"] = 409,
                ["reason"] = "Conflict",
                ["message"] = $"Operation cannot be fulfilled on {type.GroupResource} \"{key.Item3}\": the object has been modified; please apply your changes to the latest version and try again",
            });
        }
        var stored = (JsonObject)obj.DeepClone();
        stored.Ensure("metadata")["resourceVersion"] = (long.Parse(version ?? "0", System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Known[key] = stored;
        await Record(verb, type, stored);
        return (JsonObject)stored.DeepClone();
    }

    public Task<JsonObject?> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken) =>
        Task.FromResult(Known.TryGetValue((type, @namespace, name), out var known) ? (JsonObject?)known.DeepClone() : null);

    /// <summary>
    /// Validated as the apiserver validates a <c>/status</c> write: a status the server would refuse (as it refused
    /// every CronJob's list of active Jobs once) fails here too instead of being recorded as written.
    /// </summary>
    public Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken)
    {
        var errors = ObjectValidator.ValidateStatusUpdate(type, obj, obj);
        if (errors.Count > 0)
        {
            return Task.FromException<JsonObject>(new ApiException(new JsonObject
            {
                ["kind"] = "Status",
                ["code"] = 422,
                ["reason"] = "Invalid",
                ["message"] = string.Join("; ", errors.Select(e => e.Message)),
            }));
        }
        return CompareAndSwapAsync("status", type, obj);
    }

    /// <summary>Objects patches apply to, as the apiserver holds them.</summary>
    public Dictionary<(ResourceType, string?, string), JsonObject> Known { get; } = [];

    public void Seed(ResourceType type, params JsonObject[] objects)
    {
        foreach (var obj in objects) Known[(type, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj)!)] = (JsonObject)obj.DeepClone();
    }

    public async Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, JsonObject mergePatch, CancellationToken cancellationToken)
    {
        var patch = (JsonObject)mergePatch.DeepClone();
        patch.Ensure("metadata")["name"] = name;
        await Record("patch", type, patch);
        if (!Known.TryGetValue((type, @namespace, name), out var known)) return patch;
        Merge(known, mergePatch);
        return (JsonObject)known.DeepClone();
    }

    /// <summary>RFC 7386: objects merge key by key, null removes, anything else replaces.</summary>
    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null) target.Remove(key);
            else if (value is JsonObject inner && target[key] is JsonObject existing) Merge(existing, inner);
            else target[key] = value.DeepClone();
        }
    }

    public Task DeleteAsync(ResourceType type, string? @namespace, string name, string? uid, string? propagationPolicy, CancellationToken cancellationToken) =>
        Record("delete", type, new JsonObject
        {
            ["metadata"] = new JsonObject { ["namespace"] = @namespace, ["name"] = name, ["uid"] = uid },
            ["propagationPolicy"] = propagationPolicy,
        });

    private Task<JsonObject> Record(string verb, ResourceType type, JsonObject obj)
    {
        lock (Actions) Actions.Add((verb, type, (JsonObject)obj.DeepClone()));
        return Task.FromResult(obj);
    }

    /// <summary>Every event recorded, in order.</summary>
    public List<(string Component, InvolvedObject About, string Type, string Reason, string Message)> Events { get; } = [];

    /// <summary>The events as <c>kubectl describe</c> lists them: "Type Reason From Message".</summary>
    public IEnumerable<string> EventLines
    {
        get
        {
            lock (Events) return Events.Select(e => $"{e.Type} {e.Reason} {e.Component} {e.Message}").ToList();
        }
    }

    public void RecordEvent(string component, InvolvedObject about, string type, string reason, string message)
    {
        lock (Events) Events.Add((component, about, type, reason, message));
    }
}
