using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Client.Events;

/// <summary>
/// The object an Event is about (core/v1 ObjectReference): what <c>kubectl describe</c> matches
/// events on by kind, namespace, name and uid. Namespace is null for cluster-scoped objects.
/// </summary>
public sealed record InvolvedObject(string ApiVersion, string Kind, string? Namespace, string Name, string? Uid)
{
    public string? ResourceVersion { get; init; }

    /// <summary>The part of the object the event is about, e.g. <c>spec.containers{web}</c>.</summary>
    public string? FieldPath { get; init; }

    /// <summary>A reference to <paramref name="obj"/>; kind and apiVersion come from its resource, as informer caches may not carry them.</summary>
    public static InvolvedObject From(ResourceType type, JsonObject obj, string? fieldPath = null) =>
        new(type.ApiVersion, type.Kind, type.Namespaced ? ObjectMeta.Namespace(obj) : null, ObjectMeta.Name(obj) ?? "", ObjectMeta.Uid(obj))
        {
            ResourceVersion = ObjectMeta.ResourceVersion(obj),
            FieldPath = fieldPath,
        };

    /// <summary>Events about cluster-scoped objects live in <c>default</c>, as client-go's recorder puts them.</summary>
    public string EventNamespace => string.IsNullOrEmpty(Namespace) ? "default" : Namespace;

    internal JsonObject ToJson()
    {
        var json = new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = Kind };
        if (!string.IsNullOrEmpty(Namespace)) json["namespace"] = Namespace;
        json["name"] = Name;
        if (Uid is not null) json["uid"] = Uid;
        if (ResourceVersion is not null) json["resourceVersion"] = ResourceVersion;
        if (FieldPath is not null) json["fieldPath"] = FieldPath;
        return json;
    }
}
