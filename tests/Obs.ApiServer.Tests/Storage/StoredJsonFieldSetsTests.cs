using System.Text;
using System.Text.Json.Nodes;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Storage;
using Obs.ApiServer.Tests.Cache;

namespace Obs.ApiServer.Tests.Storage;

/// <summary>
/// The field sets a write notes as it serializes (<see cref="StoredJson.FieldSets"/>) are those the cache finds by
/// reading the JSON (<see cref="ManagedFieldSets.Find"/>), so an object this process wrote is cached as the same
/// object read back from the database is.
/// </summary>
public sealed class StoredJsonFieldSetsTests
{
    private static readonly ObjectKey Key = new("pods", "default", "p");

    private const string ControllerFields =
        """{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{}}}}}""";

    public static TheoryData<string> Objects()
    {
        var objects = new TheoryData<string>();
        foreach (var row in CachedObjectFieldSetsTests.Objects()) objects.Add(row);
        foreach (var row in StoredJsonTests.Objects) objects.Add(row);
        // Field sets of every length around the one the cache shares from, an empty list, a list that is not one.
        foreach (var padding in new[] { 0, 1, 20, 40 })
        {
            var fields = "{\"f:data\":{\"f:" + new string('k', padding) + "\":{}}}";
            objects.Add($$$"""{"metadata":{"name":"p","managedFields":[{"manager":"m","fieldsV1":{{{fields}}}},{"fieldsV1":{{{ControllerFields}}},"manager":"n"}]},"data":{}}""");
        }
        objects.Add("""{"metadata":{"managedFields":[]}}""");
        objects.Add("""{"metadata":{"managedFields":"not a list"}}""");
        objects.Add($$$"""{"metadata":{"managedFields":[[{"fieldsV1":{{{ControllerFields}}}}],{"fieldsV1":[{{{ControllerFields}}}]},{"fieldsV1":"{}"}]}}""");
        return objects;
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void TheFieldSetsNotedOnWritingAreThoseFoundByReading(string json)
    {
        var stored = StoredJson.Serialize(JsonNode.Parse(json)!.AsObject());

        var found = ManagedFieldSets.Find(stored.Utf8)?.ToArray() ?? [];
        if (stored.MetadataEnd == StoredJson.Unknown) return;
        Assert.NotNull(stored.FieldSets);
        Assert.Equal(found, stored.FieldSets);
        // The revision goes in after them: they stand where they were in the cached form too.
        var cached = new byte[stored.LengthWithResourceVersion(42)];
        stored.CopyWithResourceVersion(42, cached);
        Assert.Equal(found, ManagedFieldSets.Find(cached)?.ToArray() ?? []);
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void AnObjectCachedFromWhatItsWriterNotedIsTheObjectCachedFromItsJsonReadBack(string json)
    {
        var stored = StoredJson.Serialize(JsonNode.Parse(json)!.AsObject());

        var mine = CachedObject.FromStored(Key, 42, stored);
        var readBack = CachedObject.FromStored(Key, 42, new StoredJson(stored.Utf8));

        Assert.Equal(Encoding.UTF8.GetString(readBack.JsonWithoutFieldSets.Span), Encoding.UTF8.GetString(mine.JsonWithoutFieldSets.Span));
        Assert.Equal(Encoding.UTF8.GetString(readBack.ToJson()), Encoding.UTF8.GetString(mine.ToJson()));
        Assert.Equal(readBack.OwnBytes, mine.OwnBytes);
    }

    [Fact]
    public void AnEntryTheWriterCannotReadAsTheReaderWouldLeavesTheFieldSetsToBeFound()
    {
        // An entry held as a value of another type is written as an object, which the writer does not walk.
        var entry = JsonValue.Create(new Dictionary<string, object> { ["manager"] = "m", ["fieldsV1"] = JsonNode.Parse(ControllerFields)! });
        var obj = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "p", ["managedFields"] = new JsonArray(entry) } };

        var stored = StoredJson.Serialize(obj);

        Assert.Null(stored.FieldSets);
        Assert.Equal(obj.ToJsonString(), Encoding.UTF8.GetString(stored.Utf8));
        var mine = CachedObject.FromStored(Key, 42, stored);
        Assert.Equal(CachedObject.FromStored(Key, 42, new StoredJson(stored.Utf8)).JsonWithoutFieldSets.ToArray(), mine.JsonWithoutFieldSets.ToArray());
        Assert.DoesNotContain("f:containers", Encoding.UTF8.GetString(mine.JsonWithoutFieldSets.Span));
    }
}
