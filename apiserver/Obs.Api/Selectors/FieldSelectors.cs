using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Conversion;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Api.Selectors;

/// <summary>
/// Which fields each resource can be selected by, and their values, as Kubernetes' registries define
/// them (the <c>*ToSelectableFields</c> functions and the field-label conversions). An unsupported field is
/// a 400 in Kubernetes; <see cref="Validate"/> returns the message it uses.
/// </summary>
public static class FieldSelectors
{
    private static readonly string[] MetaFields = ["metadata.name", "metadata.namespace"];

    /// <summary>
    /// events.k8s.io/v1's own field labels (Kubernetes' field-label conversion for events.k8s.io); each selects by the
    /// stored core/v1 field it converts to, and the core spellings are not accepted there.
    /// </summary>
    private static readonly string[] EventsV1Labels =
    [
        "regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "regarding.apiVersion", "regarding.resourceVersion",
        "regarding.fieldPath", "reportingController", "reason", "source", "type",
    ];

    private static readonly Dictionary<ResourceType, string[]> Extra = new()
    {
        [ResourceTypes.Pod] =
        [
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.nominatedNodeName",
        ],
        [ResourceTypes.Event] =
        [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "source", "type",
        ],
        [ResourceTypes.Node] = ["spec.unschedulable"],
        [ResourceTypes.Namespace] = ["status.phase"],
        [ResourceTypes.Secret] = ["type"],
        [ResourceTypes.Service] = ["spec.clusterIP", "spec.type"],
        [ResourceTypes.ReplicaSet] = ["status.replicas"],
        [ResourceTypes.ReplicationController] = ["status.replicas"],
        [ResourceTypes.Job] = ["status.successful"],
        [ResourceTypes.EventV1] = EventsV1Labels,
    };


    // The core/v1 kinds whose field-label conversion has its own message; everything else uses the default one.
    private static readonly ResourceType[] CoreConversions =
        [ResourceTypes.Pod, ResourceTypes.Event, ResourceTypes.EventV1, ResourceTypes.Node, ResourceTypes.Namespace, ResourceTypes.Secret, ResourceTypes.Service];

    /// <summary>The fields <paramref name="resource"/> can be selected by.</summary>
    public static IReadOnlyList<string> SupportedFields(ResourceType resource) =>
        Extra.TryGetValue(resource, out var extra) ? [.. MetaFields, .. extra] : MetaFields;

    /// <summary>Null when every field of the selector is supported; otherwise Kubernetes' message for the first that is not.</summary>
    public static string? Validate(ResourceType resource, FieldSelector selector)
    {
        var supported = SupportedFields(resource);
        foreach (var requirement in selector.Requirements)
        {
            if (supported.Contains(requirement.Field)) continue;
            var field = requirement.Field;
            if (resource == ResourceTypes.Job) return $"field label \"{field}\" not supported for batchv1.Job";
            if (CoreConversions.Contains(resource)) return "field label not supported: " + field;
            return $"\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"";
        }
        return null;
    }

    /// <summary>
    /// The value a field selector compares for <paramref name="field"/>: strings as stored, booleans as
    /// <c>true</c>/<c>false</c>, counts as integers, "" when absent. <paramref name="obj"/> is the stored object;
    /// a version served by conversion names its fields by its own labels.
    /// </summary>
    public static string ValueOf(ResourceType resource, JsonNode? obj, string field) =>
        resource == ResourceTypes.EventV1
            ? StoredValueOf(ResourceTypes.Event, obj, CoreEventLabel(field))
            : StoredValueOf(resource, obj, field);

    /// <summary><c>regarding.name</c> → <c>involvedObject.name</c>: the first segment renamed as the object's field is.</summary>
    private static string CoreEventLabel(string label) =>
        label.IndexOf('.') is var dot and > 0 ? EventConversion.CoreField(label[..dot]) + label[dot..] : EventConversion.CoreField(label);

    private static string StoredValueOf(ResourceType resource, JsonNode? obj, string field) => field switch
    {
        "metadata.name" => ObjectMeta.Name(obj) ?? "",
        "metadata.namespace" => ObjectMeta.Namespace(obj) ?? "",
        "spec.hostNetwork" or "spec.unschedulable" => (obj.BoolAt(Path(field)) ?? false) ? "true" : "false",
        "status.replicas" => (obj.LongAt("status", "replicas") ?? 0).ToString(CultureInfo.InvariantCulture),
        "status.successful" => (obj.LongAt("status", "succeeded") ?? 0).ToString(CultureInfo.InvariantCulture),
        "source" when resource == ResourceTypes.Event => obj.StringAt("source", "component") ?? "",
        "reportingComponent" when resource == ResourceTypes.Event =>
            obj.StringAt("reportingComponent") ?? obj.StringAt("reportingController") ?? "",
        _ => Scalar(obj.At(Path(field))),
    };

    /// <summary>Whether an object of <paramref name="resource"/> satisfies the selector.</summary>
    public static bool Matches(ResourceType resource, FieldSelector selector, JsonNode? obj) =>
        selector.Matches(field => ValueOf(resource, obj, field));

    private static string[] Path(string field) => field.Split('.');

    private static string Scalar(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => v.ToJsonString(),
            _ => "",
        }
        : "";
}
