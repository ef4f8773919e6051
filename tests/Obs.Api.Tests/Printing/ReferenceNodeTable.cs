using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Printing;

namespace Obs.Api.Tests.Printing;

/// <summary>
/// The Node printer as it was written over a node tree before rows were read from the bytes in place
/// (<c>NodeRow</c>), kept here only as the independent reference <see cref="NodeRowTests"/> compares the
/// product's rows against.
/// </summary>
internal static class ReferenceNodeTable
{
    private const string RolePrefix = "node-role.kubernetes.io/";

    /// <summary>The row of a parsed document, through a node tree of it (as cached Nodes were printed).</summary>
    public static JsonNode?[] Cells(JsonElement node, DateTimeOffset now) => Cells(TreeFields.LastWins(node), now);

    public static JsonNode?[] Cells(JsonObject node, DateTimeOffset now)
    {
        var status = new List<string>();
        if (Fields.Items(node, "status", "conditions").LastOrDefault(c => Fields.Text(c, "type") == "Ready") is { } ready)
        {
            status.Add(Fields.Text(ready, "status") == "True" ? "Ready" : "NotReady");
        }
        if (status.Count == 0) status.Add("Unknown");
        if (Fields.Bool(node, "spec", "unschedulable")) status.Add("SchedulingDisabled");

        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in ObjectMeta.Labels(node))
        {
            if (key.StartsWith(RolePrefix, StringComparison.Ordinal) && key.Length > RolePrefix.Length) roles.Add(key[RolePrefix.Length..]);
            else if (key == "kubernetes.io/role" && value.Length > 0) roles.Add(value);
        }

        // The product read node["status"]?["nodeInfo"], which threw for a status that is not an object.
        var info = node.At("status", "nodeInfo");
        return
        [
            JsonValue.Create(Fields.Text(node, "metadata", "name")),
            JsonValue.Create(string.Join(",", status)),
            JsonValue.Create(roles.Count == 0 ? "<none>" : string.Join(",", roles)),
            JsonValue.Create(HumanDuration.Since(Fields.Text(node, "metadata", "creationTimestamp"), now)),
            JsonValue.Create(Fields.Text(info, "kubeletVersion")),
            JsonValue.Create(Address(node, "InternalIP")),
            JsonValue.Create(Address(node, "ExternalIP")),
            JsonValue.Create(UnknownIfEmpty(Fields.Text(info, "osImage"))),
            JsonValue.Create(UnknownIfEmpty(Fields.Text(info, "kernelVersion"))),
            JsonValue.Create(UnknownIfEmpty(Fields.Text(info, "containerRuntimeVersion"))),
        ];
    }

    private static string Address(JsonObject node, string type) =>
        Fields.Items(node, "status", "addresses").FirstOrDefault(a => Fields.Text(a, "type") == type) is { } address
            ? Fields.Text(address, "address")
            : "<none>";

    private static string UnknownIfEmpty(string value) => value.Length == 0 ? "<unknown>" : value;
}
