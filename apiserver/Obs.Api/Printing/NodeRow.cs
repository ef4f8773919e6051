using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>
/// A Node's row (see <see cref="NodeTable"/>) read from its UTF-8 JSON in one forward pass, building no tree:
/// a large cluster lists thousands of Nodes, each carrying images and capacity the row never shows. Reads as
/// the lenient tree lookups do: a missing or mistyped field is empty, and a later duplicate property
/// replaces an earlier one whole.
/// </summary>
internal static class NodeRow
{
    private const string RolePrefix = "node-role.kubernetes.io/";
    private const string RoleLabel = "kubernetes.io/role";

    public static JsonNode?[] Cells(ReadOnlyMemory<byte> json, DateTimeOffset now)
    {
        var node = Read(json.Span);
        // Only the Ready condition speaks for the node; the pressure conditions show in describe.
        var status = node.Ready switch { null => "Unknown", true => "Ready", false => "NotReady" };
        if (node.Unschedulable) status += ",SchedulingDisabled";
        return
        [
            Cell.Text(node.Name),
            Cell.Text(status),
            Cell.Text(Roles(node.RoleLabels)),
            Cell.Text(HumanDuration.Since(node.CreationTimestamp, now)),
            Cell.Text(node.KubeletVersion),
            Cell.Text(node.InternalIP ?? "<none>"),
            Cell.Text(node.ExternalIP ?? "<none>"),
            Cell.Text(UnknownIfEmpty(node.OsImage)),
            Cell.Text(UnknownIfEmpty(node.KernelVersion)),
            Cell.Text(UnknownIfEmpty(node.ContainerRuntimeVersion)),
        ];
    }

    /// <summary>The roles named by node-role labels (any string value) and by a non-empty kubernetes.io/role, sorted.</summary>
    private static string Roles(Dictionary<string, string?>? labels)
    {
        if (labels is null) return "<none>";
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            if (value is null) continue;
            if (key.StartsWith(RolePrefix, StringComparison.Ordinal) && key.Length > RolePrefix.Length) roles.Add(key[RolePrefix.Length..]);
            else if (key == RoleLabel && value.Length > 0) roles.Add(value);
        }
        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }

    private static string UnknownIfEmpty(string value) => value.Length == 0 ? "<unknown>" : value;

    /// <summary>The fields the row shows; "" (or false) when missing or mistyped.</summary>
    private sealed class NodeFields
    {
        public string Name = "", CreationTimestamp = "";

        /// <summary>The labels that may name a role, each with its string value (null when not a string); null when there are none.</summary>
        public Dictionary<string, string?>? RoleLabels;

        public bool Unschedulable;

        /// <summary>Whether the last Ready condition's status is True; null when there is none.</summary>
        public bool? Ready;

        /// <summary>The address of the first address of each type; null when there is none.</summary>
        public string? InternalIP, ExternalIP;

        public string KubeletVersion = "", OsImage = "", KernelVersion = "", ContainerRuntimeVersion = "";
    }

    private static NodeFields Read(ReadOnlySpan<byte> json)
    {
        var node = new NodeFields();
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return node;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("metadata"u8)) ReadMetadata(ref reader, node);
            else if (reader.ValueTextEquals("spec"u8)) ReadSpec(ref reader, node);
            else if (reader.ValueTextEquals("status"u8)) ReadStatus(ref reader, node);
            else reader.Skip();
        }
        return node;
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, NodeFields node)
    {
        node.Name = node.CreationTimestamp = "";
        node.RoleLabels = null;
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8)) node.Name = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("creationTimestamp"u8)) node.CreationTimestamp = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("labels"u8)) node.RoleLabels = ReadRoleLabels(ref reader);
            else reader.Skip();
        }
    }

    private static Dictionary<string, string?>? ReadRoleLabels(ref Utf8JsonReader reader)
    {
        Dictionary<string, string?>? labels = null;
        if (!Utf8Fields.EnterObject(ref reader)) return labels;
        while (Utf8Fields.NextProperty(ref reader))
        {
            // Most labels name no role: their keys are not copied out of the bytes.
            if (!reader.ValueIsEscaped && !reader.ValueSpan.StartsWith("node-role.kubernetes.io/"u8) && !reader.ValueTextEquals("kubernetes.io/role"u8))
            {
                reader.Skip();
                continue;
            }
            var key = reader.GetString()!;
            reader.Read();
            (labels ??= new(StringComparer.Ordinal))[key] = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            reader.Skip();
        }
        return labels;
    }

    private static void ReadSpec(ref Utf8JsonReader reader, NodeFields node)
    {
        node.Unschedulable = false;
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("unschedulable"u8)) node.Unschedulable = Utf8Fields.IsTrue(ref reader);
            else reader.Skip();
        }
    }

    private static void ReadStatus(ref Utf8JsonReader reader, NodeFields node)
    {
        node.Ready = null;
        node.InternalIP = node.ExternalIP = null;
        node.KubeletVersion = node.OsImage = node.KernelVersion = node.ContainerRuntimeVersion = "";
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("conditions"u8)) node.Ready = ReadReady(ref reader);
            else if (reader.ValueTextEquals("addresses"u8)) ReadAddresses(ref reader, node);
            else if (reader.ValueTextEquals("nodeInfo"u8)) ReadNodeInfo(ref reader, node);
            else reader.Skip();
        }
    }

    /// <summary>Whether the last Ready condition is True; null when there is none.</summary>
    private static bool? ReadReady(ref Utf8JsonReader reader)
    {
        bool? ready = null;
        if (!Utf8Fields.EnterArray(ref reader)) return ready;
        while (Utf8Fields.NextObject(ref reader))
        {
            bool isReady = false, isTrue = false;
            while (Utf8Fields.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("type"u8)) isReady = Utf8Fields.TextEquals(ref reader, "Ready"u8);
                else if (reader.ValueTextEquals("status"u8)) isTrue = Utf8Fields.TextEquals(ref reader, "True"u8);
                else reader.Skip();
            }
            if (isReady) ready = isTrue;
        }
        return ready;
    }

    private static void ReadAddresses(ref Utf8JsonReader reader, NodeFields node)
    {
        node.InternalIP = node.ExternalIP = null;
        if (!Utf8Fields.EnterArray(ref reader)) return;
        while (Utf8Fields.NextObject(ref reader))
        {
            bool isInternal = false, isExternal = false;
            var address = "";
            while (Utf8Fields.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    isInternal = Utf8Fields.TextEquals(ref reader, "InternalIP"u8);
                    isExternal = !isInternal && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("ExternalIP"u8);
                }
                else if (reader.ValueTextEquals("address"u8)) address = Utf8Fields.Text(ref reader);
                else reader.Skip();
            }
            if (isInternal) node.InternalIP ??= address;
            else if (isExternal) node.ExternalIP ??= address;
        }
    }

    private static void ReadNodeInfo(ref Utf8JsonReader reader, NodeFields node)
    {
        node.KubeletVersion = node.OsImage = node.KernelVersion = node.ContainerRuntimeVersion = "";
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("kubeletVersion"u8)) node.KubeletVersion = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("osImage"u8)) node.OsImage = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("kernelVersion"u8)) node.KernelVersion = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("containerRuntimeVersion"u8)) node.ContainerRuntimeVersion = Utf8Fields.Text(ref reader);
            else reader.Skip();
        }
    }
}
