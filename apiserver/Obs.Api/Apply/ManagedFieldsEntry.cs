using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Serialization;

namespace Obs.Api.Apply;

/// <summary>One entry of <c>metadata.managedFields</c>: who owns which fields, and through which kind of write.</summary>
public sealed record ManagedFieldsEntry(
    string Manager,
    ManagedFieldsOperation Operation,
    string? ApiVersion,
    string? Time,
    string? Subresource,
    FieldSet Fields)
{
    /// <summary>
    /// Entries are one owner when manager, operation and subresource match, and for updates the API
    /// version too (an applier stays one owner across versions, as in Kubernetes).
    /// </summary>
    public bool SameOwnerAs(ManagedFieldsEntry other) =>
        Manager == other.Manager && Operation == other.Operation && (Subresource ?? "") == (other.Subresource ?? "")
        && (Operation == ManagedFieldsOperation.Apply || (ApiVersion ?? "") == (other.ApiVersion ?? ""));

    /// <summary>How conflict messages name the owner: <c>"kubectl-edit" using apps/v1</c>, <c>"ctl" with subresource "status"</c>.</summary>
    public string DisplayName
    {
        get
        {
            var name = Quote(Manager);
            if (!string.IsNullOrEmpty(Subresource)) name += $" with subresource {Quote(Subresource)}";
            return Operation == ManagedFieldsOperation.Update ? $"{name} using {ApiVersion}" : name;
        }
    }

    /// <summary>Formats a time as the RFC 3339 seconds Kubernetes stores in <c>time</c>.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public JsonObject ToJson()
    {
        var obj = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation.ToString(),
        };
        if (ApiVersion is not null) obj["apiVersion"] = ApiVersion;
        if (Time is not null) obj["time"] = Time;
        obj["fieldsType"] = "FieldsV1";
        obj["fieldsV1"] = Fields.ToFieldsV1();
        if (!string.IsNullOrEmpty(Subresource)) obj["subresource"] = Subresource;
        return obj;
    }

    /// <summary>Reads one entry; null when it is not a well-formed FieldsV1 entry.</summary>
    public static ManagedFieldsEntry? FromJson(JsonNode? node)
    {
        if (node is not JsonObject obj) return null;
        var operation = obj.StringAt("operation") switch
        {
            "Apply" => ManagedFieldsOperation.Apply,
            "Update" => ManagedFieldsOperation.Update,
            _ => (ManagedFieldsOperation?)null,
        };
        if (operation is null || obj.StringAt("fieldsType") is not (null or "FieldsV1")) return null;
        FieldSet fields;
        try
        {
            fields = obj["fieldsV1"] is JsonObject fieldsV1 ? FieldSet.FromFieldsV1(fieldsV1) : FieldSet.Empty;
        }
        catch (FormatException)
        {
            return null;
        }
        return new ManagedFieldsEntry(obj.StringAt("manager") ?? "", operation.Value, obj.StringAt("apiVersion"), obj.StringAt("time"), obj.StringAt("subresource"), fields);
    }

    private static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s, BuiltInJson.Default.String);
}
