using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Scheduler.Cache;

/// <summary>
/// What the scheduler's node informer keeps of each node (its transform, as kube-scheduler
/// strips managedFields): only the fields the scheduler reads, written out and parsed back, so the
/// stored copy is one small UTF-8 buffer behind a lazily read tree. Readers take
/// a <see cref="JsonNode.DeepClone"/> of a compact object to read it (nearly free: the clone
/// shares the buffer), so the stored one is never expanded into a tree. (Pods, 10 for each node,
/// are kept as <see cref="Framework.PodInfo"/> records instead, smaller still.)
/// </summary>
/// <remarks>
/// Every node heartbeat passes through here, so the object is read as a
/// <see cref="JsonElement"/> over its own UTF-8 text rather than through <see cref="JsonObject"/>
/// indexers, which build a dictionary for each object they open; the buffers are the calling
/// thread's and reused.
/// </remarks>
public static class CompactObjects
{
    private static readonly string[] NodeMetadata = ["name", "uid", "resourceVersion", "labels"];
    private static readonly string[] NodeStatus = ["capacity", "allocatable"];

    // Buffers kept beyond this size would hold a rare huge object's memory for the thread's life.
    private const int KeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static Buffers? t_buffers;

    /// <summary>Name, labels, the spec (taints, unschedulable), capacity, allocatable and the Ready condition.</summary>
    public static JsonObject Node(JsonObject node) => Compact(node, static (writer, root) =>
    {
        WriteFields(writer, "metadata", root, NodeMetadata);
        Write(writer, root, "spec");
        if (TryGetObject(root, "status", out var status))
        {
            writer.WriteStartObject("status");
            foreach (var name in NodeStatus) Write(writer, status, name);
            WriteConditions(writer, status, "Ready");
            writer.WriteEndObject();
        }
    });

    private sealed class Buffers
    {
        public readonly ArrayBufferWriter<byte> Input = new(4096);
        public readonly ArrayBufferWriter<byte> Output = new(2048);
        public readonly Utf8JsonWriter InputWriter;
        public readonly Utf8JsonWriter OutputWriter;

        public Buffers()
        {
            InputWriter = new Utf8JsonWriter(Input);
            OutputWriter = new Utf8JsonWriter(Output);
        }
    }

    private static JsonObject Compact(JsonObject obj, Action<Utf8JsonWriter, JsonElement> body)
    {
        var buffers = t_buffers ??= new Buffers();
        buffers.Input.ResetWrittenCount();
        buffers.Output.ResetWrittenCount();
        var input = buffers.InputWriter;
        var writer = buffers.OutputWriter;
        input.Reset();
        writer.Reset();
        JsonObject compact;
        try
        {
            // An object parsed and not yet opened writes out its own text unchanged.
            obj.WriteTo(input);
            input.Flush();
            using var document = JsonDocument.Parse(buffers.Input.WrittenMemory);
            var root = document.RootElement;
            writer.WriteStartObject();
            Write(writer, root, "apiVersion");
            Write(writer, root, "kind");
            body(writer, root);
            writer.WriteEndObject();
            writer.Flush();
            compact = JsonNode.Parse(buffers.Output.WrittenSpan)!.AsObject();
        }
        finally
        {
            if (buffers.Input.Capacity > KeptBufferBytes || buffers.Output.Capacity > KeptBufferBytes) t_buffers = null;
        }
        return compact;
    }

    private static bool TryGetValue(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null) return true;
        value = default;
        return false;
    }

    private static bool TryGetObject(JsonElement obj, string name, out JsonElement value) =>
        TryGetValue(obj, name, out value) && value.ValueKind == JsonValueKind.Object;

    /// <summary>The property of <paramref name="obj"/>, unless it is absent or null.</summary>
    private static void Write(Utf8JsonWriter writer, JsonElement obj, string name)
    {
        if (!TryGetValue(obj, name, out var value)) return;
        writer.WritePropertyName(name);
        value.WriteTo(writer);
    }

    /// <summary>The named fields of the object <paramref name="name"/> of <paramref name="parent"/>.</summary>
    private static void WriteFields(Utf8JsonWriter writer, string name, JsonElement parent, string[] fields)
    {
        if (!TryGetObject(parent, name, out var obj)) return;
        writer.WriteStartObject(name);
        foreach (var field in fields) Write(writer, obj, field);
        writer.WriteEndObject();
    }

    private static void WriteConditions(Utf8JsonWriter writer, JsonElement status, string type)
    {
        if (!TryGetValue(status, "conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Array) return;
        writer.WriteStartArray("conditions");
        foreach (var condition in conditions.EnumerateArray())
            if (TryGetValue(condition, "type", out var t) && t.ValueKind == JsonValueKind.String && t.ValueEquals(type)) condition.WriteTo(writer);
        writer.WriteEndArray();
    }
}
