using System.Text.Json.Nodes;

namespace Obs.Api.Tests.Printing;

/// <summary>
/// Drawing objects of every shape a row is computed from, from a fixed seed so a failure repeats: any field may
/// be missing, null or of the wrong kind, arrays hold non-objects, properties come in any order.
/// </summary>
internal abstract class VariedObjects(int seed)
{
    protected Random Random { get; } = new(seed);

    /// <summary>Usually the value made; sometimes the field is absent, null, or of another kind.</summary>
    protected void Maybe(Dictionary<string, JsonNode?> obj, string key, Func<JsonNode?> make)
    {
        switch (Random.Next(12))
        {
            case 0: return;
            case 1: obj[key] = null; return;
            case 2: obj[key] = Pick<JsonNode?>(["text", 7, new JsonArray(), new JsonObject(), true]); return;
            default: obj[key] = make(); return;
        }
    }

    protected void MaybeText(Dictionary<string, JsonNode?> obj, string key, string?[] values)
    {
        if (Chance(8)) return;
        obj[key] = Chance(16) ? Pick<JsonNode?>([7, true, new JsonObject()]) : (JsonNode?)Pick(values);
    }

    protected Dictionary<string, JsonNode?> Only(string key, string?[] values)
    {
        var obj = new Dictionary<string, JsonNode?>();
        MaybeText(obj, key, values);
        return obj;
    }

    /// <summary>Up to <paramref name="most"/> objects, and now and then an entry that is not one.</summary>
    protected JsonArray Items(int most, Func<JsonNode?> make)
    {
        var array = new JsonArray();
        var count = Random.Next(most + 1);
        for (var i = 0; i < count; i++)
        {
            array.Add(Chance(10) ? Pick<JsonNode?>(["entry", 3, null, new JsonArray()]) : make());
        }
        return array;
    }

    protected JsonObject Shuffled(Dictionary<string, JsonNode?> properties)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in properties.OrderBy(_ => Random.Next())) obj[key] = value;
        return obj;
    }

    protected bool Chance(int oneIn) => Random.Next(oneIn) == 0;

    protected T Pick<T>(T[] values) => values[Random.Next(values.Length)];
}
