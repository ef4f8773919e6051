using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Scheduler.Cache;

/// <summary>
/// What the scheduler's informers keep of each pod and node (their transform, as kube-scheduler
/// strips managedFields): only the fields the scheduler reads, written out and parsed back, so the
/// stored copy is one small UTF-8 buffer behind a lazily read tree. A pod as the apiserver serves
/// it costs about 14 KB once read into a tree; compacted and left unread, about 2 KB. Readers take
/// a <see cref="JsonNode.DeepClone"/> of a compact object to read it (nearly free: the clone
/// shares the buffer), so the stored one is never expanded into a tree.
/// </summary>
public static class CompactObjects
{
    private static readonly string[] PodMetadata = ["name", "namespace", "uid", "resourceVersion", "labels", "annotations", "deletionTimestamp"];
    private static readonly string[] NodeMetadata = ["name", "uid", "resourceVersion", "labels"];
    private static readonly string[] ContainerFields = ["name", "resources", "ports"];

    // The pod spec fields filters, scores, preemption and the queue read: a plugin that reads
    // another one must add it here, or it sees the field as absent.
    private static readonly HashSet<string> PodSpec = new(StringComparer.Ordinal)
    {
        "nodeName", "schedulerName", "priority", "priorityClassName", "preemptionPolicy", "schedulingGates", "tolerations",
        "nodeSelector", "affinity", "topologySpreadConstraints", "overhead", "hostNetwork", "containers", "initContainers", "volumes",
    };
    private static readonly string[] NodeStatus = ["capacity", "allocatable"];

    /// <summary>
    /// Metadata that identifies the pod or decides whether a change may make it fit; the spec
    /// fields that place it (of its containers only names, resources and ports; of its volumes
    /// only claims); of the status the phase, the nominated node and the PodScheduled condition.
    /// </summary>
    public static JsonObject Pod(JsonObject pod) => Write(pod, writer =>
    {
        WriteFields(writer, "metadata", pod["metadata"] as JsonObject, PodMetadata);
        if (pod["spec"] is JsonObject spec)
        {
            writer.WriteStartObject("spec");
            foreach (var (name, value) in spec)
            {
                switch (name)
                {
                    case "containers" or "initContainers":
                        WriteEach(writer, name, value, (w, container) => WriteFields(w, null, container as JsonObject, ContainerFields));
                        break;
                    case "volumes":
                        WriteEach(writer, name, value, (w, volume) =>
                        {
                            if (volume?["persistentVolumeClaim"] is not { } claim) return;
                            w.WriteStartObject();
                            Write(w, "name", volume["name"]);
                            Write(w, "persistentVolumeClaim", claim);
                            w.WriteEndObject();
                        });
                        break;
                    default:
                        if (PodSpec.Contains(name)) Write(writer, name, value);
                        break;
                }
            }
            writer.WriteEndObject();
        }
        if (pod["status"] is JsonObject status)
        {
            writer.WriteStartObject("status");
            Write(writer, "phase", status["phase"]);
            Write(writer, "nominatedNodeName", status["nominatedNodeName"]);
            WriteConditions(writer, status["conditions"], "PodScheduled");
            writer.WriteEndObject();
        }
    });

    /// <summary>Name, labels, the spec (taints, unschedulable), capacity, allocatable and the Ready condition.</summary>
    public static JsonObject Node(JsonObject node) => Write(node, writer =>
    {
        WriteFields(writer, "metadata", node["metadata"] as JsonObject, NodeMetadata);
        Write(writer, "spec", node["spec"]);
        if (node["status"] is JsonObject status)
        {
            writer.WriteStartObject("status");
            foreach (var name in NodeStatus) Write(writer, name, status[name]);
            WriteConditions(writer, status["conditions"], "Ready");
            writer.WriteEndObject();
        }
    });

    private static JsonObject Write(JsonObject obj, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            Write(writer, "apiVersion", obj["apiVersion"]);
            Write(writer, "kind", obj["kind"]);
            body(writer);
            writer.WriteEndObject();
        }
        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    private static void Write(Utf8JsonWriter writer, string name, JsonNode? value)
    {
        if (value is null) return;
        writer.WritePropertyName(name);
        value.WriteTo(writer);
    }

    /// <summary>The named fields of <paramref name="obj"/>, as a property (or an array item when <paramref name="name"/> is null).</summary>
    private static void WriteFields(Utf8JsonWriter writer, string? name, JsonObject? obj, string[] fields)
    {
        if (obj is null) return;
        if (name is null) writer.WriteStartObject();
        else writer.WriteStartObject(name);
        foreach (var field in fields) Write(writer, field, obj[field]);
        writer.WriteEndObject();
    }

    private static void WriteEach(Utf8JsonWriter writer, string name, JsonNode? value, Action<Utf8JsonWriter, JsonNode?> item)
    {
        if (value is not JsonArray array) return;
        writer.WriteStartArray(name);
        foreach (var element in array) item(writer, element);
        writer.WriteEndArray();
    }

    private static void WriteConditions(Utf8JsonWriter writer, JsonNode? conditions, string type)
    {
        if (conditions is not JsonArray list) return;
        writer.WriteStartArray("conditions");
        foreach (var condition in list)
            if (condition?["type"] is JsonValue t && t.TryGetValue<string>(out var s) && s == type) condition.WriteTo(writer);
        writer.WriteEndArray();
    }
}
