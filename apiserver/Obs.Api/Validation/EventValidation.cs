using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;

namespace Obs.Api.Validation;

/// <summary>
/// Kubernetes' checks on Events, which depend on the API they are written through: every event passes the
/// legacy checks (a namespace that agrees with its object's; for events with an eventTime, who reported it and
/// why); those created through events.k8s.io/v1 must also be new-style (an eventTime, a known type, none of the
/// deprecated core/v1 fields) and may change afterwards only in their series and metadata. The rules run on the
/// stored core/v1 form, so errors name core/v1 fields except where Kubernetes names the events.k8s.io/v1 one.
/// </summary>
internal static class EventValidation
{
    private const int ReportingInstanceMax = 128;
    private const int ActionMax = 128;
    private const int ReasonMax = 128;
    private const int NoteMax = 1024;
    private static readonly string[] Types = ["Normal", "Warning"];

    /// <summary>What an update through events.k8s.io/v1 may not change (its core/v1 names; eventTime is checked too).</summary>
    private static readonly string[] Immutable =
        ["involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type", "eventTime", "action", "related", "reportingComponent", "reportingInstance"];

    /// <summary>A core/v1 Event, created or updated.</summary>
    public static void ValidateCore(JsonObject obj, ErrorList errors) => ValidateLegacy(obj, "reportingComponent", errors);

    /// <summary>An Event created through events.k8s.io/v1.</summary>
    public static void ValidateEventsV1Create(JsonObject obj, ErrorList errors)
    {
        ValidateLegacy(obj, "reportingController", errors);
        ValidateSeries(obj, errors);
        if (IsUnset(obj["eventTime"])) errors.Add(FieldError.Required("eventTime"));
        var type = errors.String(obj, "type", "") ?? "";
        if (!Types.Contains(type)) errors.Add(FieldError.Invalid("type", "", $"has invalid value: {type}"));
        if (!IsUnset(obj["firstTimestamp"])) errors.Add(FieldError.Invalid("deprecatedFirstTimestamp", "", "needs to be unset"));
        if (!IsUnset(obj["lastTimestamp"])) errors.Add(FieldError.Invalid("deprecatedLastTimestamp", "", "needs to be unset"));
        if ((errors.Long(obj, "count", "") ?? 0) != 0) errors.Add(FieldError.Invalid("deprecatedCount", "", "needs to be unset"));
        if (obj.StringAt("source", "component") is { Length: > 0 } || obj.StringAt("source", "host") is { Length: > 0 })
            errors.Add(FieldError.Invalid("deprecatedSource", "", "needs to be unset"));
    }

    /// <summary>An Event updated through events.k8s.io/v1: still legacy-valid, its series sound if changed, the rest as it was.</summary>
    public static void ValidateEventsV1Update(JsonObject newObj, JsonObject oldObj, ErrorList errors)
    {
        ValidateLegacy(newObj, "reportingController", errors);
        if (!JsonNode.DeepEquals(Set(newObj["series"]), Set(oldObj["series"]))) ValidateSeries(newObj, errors);
        foreach (var field in Immutable)
        {
            if (!Same(Set(newObj[field]), Set(oldObj[field])))
                errors.Add(FieldError.Invalid(field, Checks.Copy(newObj[field]), MetadataValidation.ImmutableMessage));
        }
    }

    private static void ValidateLegacy(JsonObject obj, string controllerField, ErrorList errors)
    {
        var ns = JsonValues.String(obj.At("metadata", "namespace")) ?? "";
        var involvedNamespace = errors.String(errors.Object(obj, "involvedObject", ""), "namespace", "involvedObject") ?? "";
        if (IsUnset(obj["eventTime"]))
        {
            // An old-style event: its namespace must be its object's (or default, for cluster-scoped objects).
            if (involvedNamespace.Length == 0 ? ns is not ("" or "default") : ns != involvedNamespace)
                errors.Add(FieldError.Invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
            return;
        }
        if (involvedNamespace.Length == 0 && ns is not ("default" or "kube-system"))
            errors.Add(FieldError.Invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
        var controller = errors.String(obj, "reportingComponent", "") ?? "";
        if (controller.Length == 0) errors.Add(FieldError.Required(controllerField));
        else errors.Name(NameFormats.IsQualifiedName(controller), controllerField, controller);
        RequireAtMost(obj, "reportingInstance", ReportingInstanceMax, errors);
        RequireAtMost(obj, "action", ActionMax, errors);
        RequireAtMost(obj, "reason", ReasonMax, errors);
        if ((errors.String(obj, "message", "") ?? "").Length > NoteMax)
            errors.Add(FieldError.Invalid("message", "", $"can have at most {NoteMax} characters"));
    }

    private static void ValidateSeries(JsonObject obj, ErrorList errors)
    {
        if (errors.Object(obj, "series", "") is not { } series) return;
        if ((errors.Long(series, "count", "series") ?? 0) < 2) errors.Add(FieldError.Invalid("series.count", "", "should be at least 2"));
        if (IsUnset(series["lastObservedTime"])) errors.Add(FieldError.Required("series.lastObservedTime"));
    }

    private static void RequireAtMost(JsonObject obj, string name, int max, ErrorList errors)
    {
        var value = errors.String(obj, name, "") ?? "";
        if (value.Length == 0) errors.Add(FieldError.Required(name));
        else if (value.Length > max) errors.Add(FieldError.Invalid(name, "", $"can have at most {max} characters"));
    }

    /// <summary>Equal JSON, or the same instant written two ways (a client may send back "…00Z" for "…00.000000Z").</summary>
    private static bool Same(JsonNode? a, JsonNode? b) =>
        JsonNode.DeepEquals(a, b)
        || (Timestamps.Parse(JsonValues.String(a)) is { } x && Timestamps.Parse(JsonValues.String(b)) is { } y && x == y);

    /// <summary>Absent, null or "": a zero time, as Go decodes it.</summary>
    private static bool IsUnset(JsonNode? node) => node is null || JsonValues.String(node) is "";

    /// <summary>A field as Go would hold it: absent and null are the same zero value.</summary>
    private static JsonNode? Set(JsonNode? node) => node is null || node.GetValueKind() == System.Text.Json.JsonValueKind.Null ? null : node;
}
