using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Tests.Cache;

/// <summary>
/// A cached object holds its managedFields' field sets apart, shared by content; every way it is served gives the
/// bytes it was cached from, as the whole array held before.
/// </summary>
public sealed class CachedObjectFieldSetsTests
{
    private static readonly ObjectKey Key = new("pods", "default", "p");

    // A field set long enough to be taken out, as a ReplicaSet's controller writes it for each of its pods.
    private const string ControllerFields =
        """{"f:metadata":{"f:generateName":{},"f:labels":{".":{},"f:app":{}},"f:ownerReferences":{".":{},"k:{\"uid\":\"9d1c\"}":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{}}}}}""";

    private const string StatusFields =
        """{"f:status":{"f:conditions":{"k:{\"type\":\"Ready\"}":{".":{},"f:status":{},"f:type":{}}},"f:phase":{},"f:podIP":{}}}""";

    private static string Entry(string manager, string time, string fields, string? subresource = null) =>
        $$"""{"manager":"{{manager}}","operation":"Update","apiVersion":"v1","time":"{{time}}","fieldsType":"FieldsV1","fieldsV1":{{fields}}{{(subresource is null ? "" : $",\"subresource\":\"{subresource}\"")}}}""";

    private static string Pod(string managedFields, string name = "p") =>
        $$$"""{"kind":"Pod","apiVersion":"v1","metadata":{"name":"{{{name}}}","namespace":"default","labels":{"app":"web \"quoted\" \u00e9"},"managedFields":{{{managedFields}}},"resourceVersion":"7"},"spec":{"containers":[{"name":"web","image":"nginx"}]},"status":{"phase":"Running"}}""";

    public static TheoryData<string> Objects() => new()
    {
        Pod("[]"),
        """{"kind":"ConfigMap","metadata":{"name":"no-managed-fields","resourceVersion":"7"},"data":{"k":"v"}}""",
        Pod($"[{Entry("kube-controller-manager", "2026-12-07T14:19:01Z", ControllerFields)}]"),
        Pod($"[{Entry("kube-controller-manager", "2026-12-07T14:19:01Z", ControllerFields)},{Entry("obs-agent", "2026-12-07T14:19:03Z", StatusFields, "status")}]"),
        Pod($"[{Entry("kube-scheduler", "2026-12-07T14:19:02Z", """{"f:spec":{"f:nodeName":{}}}""", "binding")},{Entry("kube-controller-manager", "2026-12-07T14:19:01Z", ControllerFields)}]"),
        Pod($"[{Entry("kubectl \\\"quoted\\\" \\u00e9", "2026-12-07T14:19:01Z", """{"f:data":{"f:k\u00e9y \"q\"":{},"f:padding-padding-padding-padding":{}}}""")}]"),
        Pod($"[{Entry("a", "2026-12-07T14:19:01Z", ControllerFields)},{Entry("b", "2026-12-07T14:19:01Z", "null")},7,\"x\",{Entry("c", "2026-12-07T14:19:01Z", ControllerFields)}]"),
        Pod("""[{"fieldsV1":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{"f:image":{}}}}},"manager":"fields-first"}]"""),
        Pod("null"),
        Pod("""{"fieldsV1":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{"f:image":{}}}}}}"""),
        """{"kind":"Pod","spec":{"managedFields":[{"fieldsV1":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{"f:image":{}}}}}}]},"metadata":{"name":"p"}}""",
        """{ "kind" : "Pod", "metadata" : { "managedFields" : [ { "fieldsV1" : { "f:spec" : { "f:containers" : { "f:image" : { } } } } } ] } }""",
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void EveryWayOfServingTheObjectGivesTheBytesItWasCachedFrom(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var obj = new CachedObject(Key, 7, bytes);

        Assert.Equal(json, Encoding.UTF8.GetString(obj.ToJson()));
        Assert.Equal(bytes.Length, obj.Length);
        var copied = new byte[obj.Length];
        obj.CopyTo(copied);
        Assert.Equal(json, Encoding.UTF8.GetString(copied));
        Assert.Equal(ListOf(w => w.WriteRawValue(bytes, skipInputValidation: true)), ListOf(obj.WriteTo));
        Assert.Equal(JsonNode.Parse(json)!.ToJsonString(), obj.ToMutable().ToJsonString());
        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement), JsonSerializer.Serialize(obj.Parsed()));
        // The metadata alone, as a Table row with includeObject=Metadata copies it.
        var metadata = JsonPathReader.RawValue(bytes, "metadata").ToArray();
        if (metadata.Length > 0)
        {
            Assert.Equal(ListOf(w => w.WriteRawValue(metadata, skipInputValidation: true)),
                ListOf(w => obj.WritePartTo(w, JsonPathReader.RawValue(obj.JsonWithoutFieldSets.Span, "metadata"))));
        }
    }

    [Fact]
    public void LongFieldSetsAreReadAsEmptyAndShortOnesStay()
    {
        const string binding = """{"f:spec":{"f:nodeName":{}}}""";
        var json = Pod($"[{Entry("kube-controller-manager", "2026-12-07T14:19:01Z", ControllerFields)},{Entry("kube-scheduler", "2026-12-07T14:19:02Z", binding, "binding")}]");
        var obj = new CachedObject(Key, 7, Encoding.UTF8.GetBytes(json));

        var without = JsonNode.Parse(obj.JsonWithoutFieldSets.Span)!;
        var entries = without["metadata"]!["managedFields"]!.AsArray();
        Assert.Equal("{}", entries[0]!["fieldsV1"]!.ToJsonString());
        Assert.Equal("2026-12-07T14:19:01Z", entries[0]!["time"]!.GetValue<string>());
        Assert.Equal(binding, entries[1]!["fieldsV1"]!.ToJsonString());
        Assert.Equal("binding", entries[1]!["subresource"]!.GetValue<string>());
        Assert.Equal("web \"quoted\" é", obj.Label("app"));
        Assert.Equal("Running", obj.StringAt("status", "phase"));
        using var parsed = obj.ParseWithoutFieldSets();
        Assert.Equal("p", parsed.RootElement.GetProperty("metadata").GetProperty("name").GetString());
        Assert.Equal(json.Length - ControllerFields.Length + 2 + 16, obj.OwnBytes);
    }

    [Fact]
    public void ThePodsOfAReplicaSetShareEachManagersFieldSetWhateverTheirTimes()
    {
        var first = new CachedObject(Key, 7, Encoding.UTF8.GetBytes(Pod($"[{Entry("kube-controller-manager", "2026-12-07T14:19:01Z", ControllerFields)}]", "a")));
        var second = new CachedObject(Key, 8, Encoding.UTF8.GetBytes(Pod($"[{Entry("kube-controller-manager", "2026-12-07T14:20:59Z", ControllerFields)}]", "b")));

        var shared = SharedFieldSets.Share(Encoding.UTF8.GetBytes(ControllerFields));
        Assert.Same(shared, SharedFieldSets.Share(Encoding.UTF8.GetBytes(ControllerFields)));
        Assert.NotSame(shared, SharedFieldSets.Share(Encoding.UTF8.GetBytes(StatusFields)));
        // Each object keeps only its own bytes: the field set is counted once, in the table.
        Assert.True(first.OwnBytes < first.Length - ControllerFields.Length + 32);
        Assert.True(second.OwnBytes < second.Length - ControllerFields.Length + 32);
        GC.KeepAlive((first, second));
    }

    [Fact]
    public void AFieldSetNoObjectHoldsAnyMoreIsLetGo()
    {
        var text = Encoding.UTF8.GetBytes("{\"f:data\":{\"f:unique-" + Guid.NewGuid().ToString("N") + "\":{},\"f:other\":{}}}");
        var held = ShareWeakly(text);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(held.TryGetTarget(out _));
        // Asked for again, it is held again.
        Assert.Same(SharedFieldSets.Share(text), SharedFieldSets.Share(text));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<byte[]> ShareWeakly(byte[] text) => new(SharedFieldSets.Share(text));

    [Fact]
    public void AnObjectFromStoredJsonOfThisProcessOrReadBackIsTheSame()
    {
        var node = JsonNode.Parse(Pod($"[{Entry("kube-controller-manager", "2026-12-07T14:19:01Z", ControllerFields)}]"))!.AsObject();
        var stored = StoredJson.Serialize(node);

        var mine = CachedObject.FromStored(Key, 42, stored);
        var readBack = CachedObject.FromStored(Key, 42, new StoredJson(stored.Utf8));

        Assert.Equal(Encoding.UTF8.GetString(readBack.ToJson()), Encoding.UTF8.GetString(mine.ToJson()));
        Assert.Contains("\"f:ownerReferences\"", Encoding.UTF8.GetString(mine.ToJson()));
        Assert.DoesNotContain("\"f:ownerReferences\"", Encoding.UTF8.GetString(mine.JsonWithoutFieldSets.Span));
    }

    /// <summary>A JSON array of two values written the given way, as a list writes its items.</summary>
    private static string ListOf(Action<Utf8JsonWriter> write)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartArray();
            write(writer);
            write(writer);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
