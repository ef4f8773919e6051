using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>
/// Deployment and ReplicaSet rows (see <see cref="WorkloadTables"/>) read from their UTF-8 JSON in one forward
/// pass, building no tree: a ReplicaSet is kept for every rollout of every Deployment, so they are listed in
/// large numbers, each carrying a whole pod template the row shows only the containers of. Reads as the
/// lenient tree lookups do: a missing or mistyped field is empty, and a later duplicate property replaces an
/// earlier one whole.
/// </summary>
internal static class WorkloadRow
{
    public static JsonNode?[] Deployment(ReadOnlyMemory<byte> json, DateTimeOffset now)
    {
        var workload = Read(json.Span);
        return
        [
            Cell.Text(workload.Name),
            Cell.Text($"{workload.ReadyReplicas}/{workload.SpecReplicas}"),
            Cell.Integer(workload.UpdatedReplicas),
            Cell.Integer(workload.AvailableReplicas),
            Cell.Text(HumanDuration.Since(workload.CreationTimestamp, now)),
            Cell.Text(string.Join(",", workload.ContainerNames)),
            Cell.Text(string.Join(",", workload.ContainerImages)),
            Cell.Text(Selectors.FormatSelector(workload.MatchLabels, workload.MatchExpressions)),
        ];
    }

    public static JsonNode?[] ReplicaSet(ReadOnlyMemory<byte> json, DateTimeOffset now)
    {
        var workload = Read(json.Span);
        return
        [
            Cell.Text(workload.Name),
            Cell.Integer(workload.SpecReplicas),
            Cell.Integer(workload.StatusReplicas),
            Cell.Integer(workload.ReadyReplicas),
            Cell.Text(HumanDuration.Since(workload.CreationTimestamp, now)),
            Cell.Text(string.Join(",", workload.ContainerNames)),
            Cell.Text(string.Join(",", workload.ContainerImages)),
            Cell.Text(Selectors.NoneIfEmpty(Selectors.FormatSelector(workload.MatchLabels, workload.MatchExpressions))),
        ];
    }

    /// <summary>The fields either row shows; "" (or 0, or empty) when missing or mistyped.</summary>
    private sealed class WorkloadFields
    {
        public string Name = "", CreationTimestamp = "";
        public long SpecReplicas, StatusReplicas, ReadyReplicas, UpdatedReplicas, AvailableReplicas;
        public List<string> ContainerNames = [], ContainerImages = [];

        /// <summary>The selector's matchLabels with string values (null for any other kind: not printed).</summary>
        public Dictionary<string, string?> Labels = [];

        public List<SelectorExpression> MatchExpressions = [];

        public IEnumerable<KeyValuePair<string, string>> MatchLabels =>
            Labels.Where(l => l.Value is not null).Select(l => KeyValuePair.Create(l.Key, l.Value!));
    }

    private static WorkloadFields Read(ReadOnlySpan<byte> json)
    {
        var workload = new WorkloadFields();
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return workload;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("metadata"u8)) ReadMetadata(ref reader, workload);
            else if (reader.ValueTextEquals("spec"u8)) ReadSpec(ref reader, workload);
            else if (reader.ValueTextEquals("status"u8)) ReadStatus(ref reader, workload);
            else reader.Skip();
        }
        return workload;
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, WorkloadFields workload)
    {
        workload.Name = workload.CreationTimestamp = "";
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8)) workload.Name = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("creationTimestamp"u8)) workload.CreationTimestamp = Utf8Fields.Text(ref reader);
            else reader.Skip();
        }
    }

    private static void ReadSpec(ref Utf8JsonReader reader, WorkloadFields workload)
    {
        workload.SpecReplicas = 0;
        workload.ContainerNames = [];
        workload.ContainerImages = [];
        workload.Labels = [];
        workload.MatchExpressions = [];
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("replicas"u8)) workload.SpecReplicas = Utf8Fields.Integer(ref reader);
            else if (reader.ValueTextEquals("selector"u8)) ReadSelector(ref reader, workload);
            else if (reader.ValueTextEquals("template"u8)) ReadTemplate(ref reader, workload);
            else reader.Skip();
        }
    }

    /// <summary>
    /// Reads template.spec.containers: the template (<paramref name="inPodSpec"/> false), then its pod spec, each
    /// an object holding the next step; another kind, or a later duplicate without it, leaves no containers.
    /// </summary>
    private static void ReadTemplate(ref Utf8JsonReader reader, WorkloadFields workload, bool inPodSpec = false)
    {
        workload.ContainerNames = [];
        workload.ContainerImages = [];
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (!inPodSpec && reader.ValueTextEquals("spec"u8)) ReadTemplate(ref reader, workload, inPodSpec: true);
            else if (inPodSpec && reader.ValueTextEquals("containers"u8)) ReadContainers(ref reader, workload);
            else reader.Skip();
        }
    }

    private static void ReadContainers(ref Utf8JsonReader reader, WorkloadFields workload)
    {
        workload.ContainerNames = [];
        workload.ContainerImages = [];
        if (!Utf8Fields.EnterArray(ref reader)) return;
        while (Utf8Fields.NextObject(ref reader))
        {
            string name = "", image = "";
            while (Utf8Fields.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("name"u8)) name = Utf8Fields.Text(ref reader);
                else if (reader.ValueTextEquals("image"u8)) image = Utf8Fields.Text(ref reader);
                else reader.Skip();
            }
            workload.ContainerNames.Add(name);
            workload.ContainerImages.Add(image);
        }
    }

    private static void ReadSelector(ref Utf8JsonReader reader, WorkloadFields workload)
    {
        workload.Labels = [];
        workload.MatchExpressions = [];
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("matchLabels"u8)) workload.Labels = ReadLabels(ref reader);
            else if (reader.ValueTextEquals("matchExpressions"u8)) workload.MatchExpressions = ReadExpressions(ref reader);
            else reader.Skip();
        }
    }

    private static Dictionary<string, string?> ReadLabels(ref Utf8JsonReader reader)
    {
        var labels = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!Utf8Fields.EnterObject(ref reader)) return labels;
        while (Utf8Fields.NextProperty(ref reader))
        {
            var key = reader.GetString()!;
            reader.Read();
            labels[key] = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            reader.Skip();
        }
        return labels;
    }

    private static List<SelectorExpression> ReadExpressions(ref Utf8JsonReader reader)
    {
        var expressions = new List<SelectorExpression>();
        if (!Utf8Fields.EnterArray(ref reader)) return expressions;
        while (Utf8Fields.NextObject(ref reader))
        {
            string key = "", op = "";
            IReadOnlyList<string> values = [];
            while (Utf8Fields.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("key"u8)) key = Utf8Fields.Text(ref reader);
                else if (reader.ValueTextEquals("operator"u8)) op = Utf8Fields.Text(ref reader);
                else if (reader.ValueTextEquals("values"u8)) values = ReadStrings(ref reader);
                else reader.Skip();
            }
            expressions.Add(new(key, op, values));
        }
        return expressions;
    }

    /// <summary>The string entries of an array; empty when the value is not one.</summary>
    private static List<string> ReadStrings(ref Utf8JsonReader reader)
    {
        var strings = new List<string>();
        if (!Utf8Fields.EnterArray(ref reader)) return strings;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String) strings.Add(reader.GetString()!);
            else reader.Skip();
        }
        return strings;
    }

    private static void ReadStatus(ref Utf8JsonReader reader, WorkloadFields workload)
    {
        workload.StatusReplicas = workload.ReadyReplicas = workload.UpdatedReplicas = workload.AvailableReplicas = 0;
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("replicas"u8)) workload.StatusReplicas = Utf8Fields.Integer(ref reader);
            else if (reader.ValueTextEquals("readyReplicas"u8)) workload.ReadyReplicas = Utf8Fields.Integer(ref reader);
            else if (reader.ValueTextEquals("updatedReplicas"u8)) workload.UpdatedReplicas = Utf8Fields.Integer(ref reader);
            else if (reader.ValueTextEquals("availableReplicas"u8)) workload.AvailableReplicas = Utf8Fields.Integer(ref reader);
            else reader.Skip();
        }
    }
}
