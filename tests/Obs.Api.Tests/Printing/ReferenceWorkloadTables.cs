using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Printing;

namespace Obs.Api.Tests.Printing;

/// <summary>
/// The Deployment and ReplicaSet printers as they were written over a node tree before rows were read from
/// the bytes in place (<c>WorkloadRow</c>), with the label selector written as kubectl writes it, kept here
/// only as the independent reference <see cref="WorkloadRowTests"/> compares the product's rows against.
/// </summary>
internal static class ReferenceWorkloadTables
{
    public static JsonNode?[] Deployment(JsonElement element, DateTimeOffset now)
    {
        var obj = TreeFields.LastWins(element);
        var podSpec = obj.At("spec", "template", "spec");
        return
        [
            JsonValue.Create(Fields.Text(obj, "metadata", "name")),
            JsonValue.Create($"{Fields.Integer(obj, "status", "readyReplicas")}/{Fields.Integer(obj, "spec", "replicas")}"),
            JsonValue.Create(Fields.Integer(obj, "status", "updatedReplicas")),
            JsonValue.Create(Fields.Integer(obj, "status", "availableReplicas")),
            JsonValue.Create(HumanDuration.Since(Fields.Text(obj, "metadata", "creationTimestamp"), now)),
            JsonValue.Create(ContainerField(podSpec, "name")),
            JsonValue.Create(ContainerField(podSpec, "image")),
            JsonValue.Create(Selector(obj.At("spec", "selector"))),
        ];
    }

    public static JsonNode?[] ReplicaSet(JsonElement element, DateTimeOffset now)
    {
        var obj = TreeFields.LastWins(element);
        var podSpec = obj.At("spec", "template", "spec");
        var selector = Selector(obj.At("spec", "selector"));
        return
        [
            JsonValue.Create(Fields.Text(obj, "metadata", "name")),
            JsonValue.Create(Fields.Integer(obj, "spec", "replicas")),
            JsonValue.Create(Fields.Integer(obj, "status", "replicas")),
            JsonValue.Create(Fields.Integer(obj, "status", "readyReplicas")),
            JsonValue.Create(HumanDuration.Since(Fields.Text(obj, "metadata", "creationTimestamp"), now)),
            JsonValue.Create(ContainerField(podSpec, "name")),
            JsonValue.Create(ContainerField(podSpec, "image")),
            JsonValue.Create(selector.Length > 0 ? selector : "<none>"),
        ];
    }

    private static string ContainerField(JsonNode? podSpec, string field) =>
        string.Join(",", Fields.Items(podSpec, "containers").Select(c => Fields.Text(c, field)));

    /// <summary>Every requirement, matchLabels first, sorted by key (stably); the product read selector?["matchLabels"], which threw for a selector that is not an object.</summary>
    private static string Selector(JsonNode? selector)
    {
        var requirements = selector.At("matchLabels").StringMap().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, Text: $"{p.Key}={p.Value}")).ToList();
        foreach (var expression in Fields.Items(selector, "matchExpressions"))
        {
            var key = Fields.Text(expression, "key");
            var values = string.Join(",", Fields.Strings(expression, "values").Order(StringComparer.Ordinal));
            requirements.Add((key, Fields.Text(expression, "operator") switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key,
                "DoesNotExist" => "!" + key,
                var op => $"{key} {op} ({values})",
            }));
        }
        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }
}
