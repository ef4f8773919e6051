using System.Text.Json.Nodes;
using Obs.Api.Patch;

namespace Obs.Api.Tests.Patch;

/// <summary>JSON patch operations at random locations of random documents, checked by undoing them or testing what they wrote.</summary>
public sealed class JsonPatchPropertyTests
{
    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 0; seed < 300; seed++) seeds.Add(seed);
        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ReplaceThenReplaceBackRestoresDocument(int seed)
    {
        var random = new RandomJson(seed);
        var doc = random.Document();
        var text = Json.Text(doc);
        var (pointer, old) = Pick(random, Locations(doc));
        var value = random.Scalar();

        var changed = Apply(doc, Op("replace", pointer, value), Op("test", pointer, value));
        var restored = Apply(changed, Op("replace", pointer, old));

        Assert.Equal(text, Json.Text(restored));
        Assert.Equal(text, Json.Text(doc));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RemoveThenAddBackRestoresDocument(int seed)
    {
        var random = new RandomJson(seed);
        var doc = random.Document();
        var locations = Locations(doc).Skip(1).ToList();
        if (locations.Count == 0) return;
        var (pointer, old) = Pick(random, locations);

        var removed = Apply(doc, Op("remove", pointer));
        Assert.Equal(Locations(doc).Count - Locations(old).Count, Locations(removed).Count);
        var restored = Apply(removed, Op("add", pointer, old));

        Assert.True(JsonNode.DeepEquals(doc, restored), $"seed {seed}: {Json.Text(doc)} remove/add {pointer} gave {Json.Text(restored)}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void AddedValueIsFoundByTest(int seed)
    {
        var random = new RandomJson(seed);
        var doc = random.Document();
        var containers = Locations(doc).Where(l => l.Value is JsonObject or JsonArray).ToList();
        var (pointer, container) = Pick(random, containers);
        var value = random.Scalar();
        string path, tested;
        if (container is JsonArray array)
        {
            var index = random.Random.Next(array.Count + 2);
            path = pointer + "/" + (index > array.Count ? "-" : index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            tested = pointer + "/" + Math.Min(index, array.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            path = tested = pointer + "/" + Escape(random.Key());
        }

        var replaced = container is JsonObject && Locations(doc).Any(l => l.Pointer == tested);
        var result = Apply(doc, Op("add", path, value), Op("test", tested, value));

        // An array grows by one; an object member is added, or replaced when it existed.
        var expected = Locations(doc).Count + 1 - (replaced ? Locations(Resolve(doc, tested)).Count : 0);
        Assert.Equal(expected, Locations(result).Count);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void MoveAwayAndBackRestoresDocument(int seed)
    {
        var random = new RandomJson(seed);
        var doc = random.Document();
        var locations = Locations(doc).Skip(1).ToList();
        if (locations.Count == 0) return;
        var (pointer, old) = Pick(random, locations);

        var moved = Apply(doc, Op("move", "/parked", from: pointer), Op("test", "/parked", old));
        var restored = Apply(moved, Op("move", pointer, from: "/parked"));

        Assert.True(JsonNode.DeepEquals(doc, restored), $"seed {seed}: {Json.Text(doc)} move {pointer} and back gave {Json.Text(restored)}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void CopyDuplicatesWithoutSharing(int seed)
    {
        var random = new RandomJson(seed);
        var doc = random.Document();
        var text = Json.Text(doc);
        var (pointer, old) = Pick(random, Locations(doc));

        var copied = Apply(doc, Op("copy", "/copy", from: pointer), Op("test", "/copy", old))!;
        switch (copied["copy"])
        {
            case JsonObject obj: obj["changed"] = 1; break;
            case JsonArray array: array.Add(1); break;
        }

        // The copy is a tree of its own: changing it leaves the source (and the input) alone.
        if (pointer != "") Assert.True(JsonNode.DeepEquals(old, Resolve(copied, pointer)), $"seed {seed}: {Json.Text(copied)}");
        Assert.Equal(text, Json.Text(doc));
    }

    /// <summary>Every location in the document, as (pointer, value), the root first.</summary>
    private static List<(string Pointer, JsonNode? Value)> Locations(JsonNode? node, string pointer = "")
    {
        var all = new List<(string, JsonNode?)> { (pointer, node) };
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj) all.AddRange(Locations(value, pointer + "/" + Escape(key)));
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) all.AddRange(Locations(array[i], pointer + "/" + i));
                break;
        }
        return all;
    }

    private static string Escape(string key) => key.Replace("~", "~0").Replace("/", "~1");

    private static JsonNode? Resolve(JsonNode? doc, string pointer) => Locations(doc).FirstOrDefault(l => l.Pointer == pointer).Value;

    private static (string Pointer, JsonNode? Value) Pick(RandomJson random, List<(string Pointer, JsonNode? Value)> locations) =>
        locations[random.Random.Next(locations.Count)];

    private static JsonNode? Apply(JsonNode? doc, params JsonObject[] ops) => JsonPatch.Apply(doc, new JsonArray([.. ops]));

    private static JsonObject Op(string op, string path, JsonNode? value = null, string? from = null)
    {
        var obj = new JsonObject { ["op"] = op, ["path"] = path };
        if (from is not null) obj["from"] = from;
        if (op is "add" or "replace" or "test") obj["value"] = value?.DeepClone();
        return obj;
    }
}
