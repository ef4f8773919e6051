using System.Text.Json.Nodes;

namespace Obs.Api.Tests.Patch;

/// <summary>Seeded random JSON documents for the property tests; the same seed gives the same document.</summary>
internal sealed class RandomJson(int seed)
{
    // Keys with '/' and '~' exercise JSON pointer escaping; the empty key is legal JSON too.
    private static readonly string[] Keys = ["a", "b", "c", "name", "x/y", "m~n", "~1", ""];

    public Random Random { get; } = new(seed);

    /// <summary>An object with no null members (a merge patch cannot express them).</summary>
    public JsonObject Document(int depth = 3) => Object(depth, nullMembers: false);

    /// <summary>A merge patch: members may be null (delete); objects inside arrays have no nulls.</summary>
    public JsonObject Patch(int depth = 3) => Object(depth, nullMembers: true);

    /// <summary>A random change of <paramref name="doc"/>: members kept, changed, dropped or added.</summary>
    public JsonNode? Mutate(JsonNode? doc, int depth = 3)
    {
        if (doc is not JsonObject obj || Random.Next(8) == 0) return Value(depth, nullMembers: false);
        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            switch (Random.Next(4))
            {
                case 0: break; // dropped
                case 1: result[key] = Mutate(value, depth - 1); break;
                default: result[key] = value?.DeepClone(); break;
            }
        }
        if (Random.Next(2) == 0) result[Key()] = Value(depth - 1, nullMembers: false);
        return result;
    }

    public string Key() => Keys[Random.Next(Keys.Length)];

    public JsonNode? Scalar() => Random.Next(6) switch
    {
        0 => Random.Next(-3, 100),
        1 => Random.Next(2) == 0,
        2 => Random.NextDouble() < 0.5 ? 1.5 : -0.25,
        _ => "s" + Random.Next(5),
    };

    private JsonNode? Value(int depth, bool nullMembers)
    {
        if (depth <= 0) return Scalar();
        return Random.Next(5) switch
        {
            0 => Object(depth - 1, nullMembers),
            1 => Array(depth - 1),
            _ => Scalar(),
        };
    }

    private JsonObject Object(int depth, bool nullMembers)
    {
        var obj = new JsonObject();
        var count = Random.Next(5);
        for (var i = 0; i < count; i++)
        {
            obj[Key()] = nullMembers && Random.Next(5) == 0 ? null : Value(depth, nullMembers);
        }
        return obj;
    }

    private JsonArray Array(int depth)
    {
        var array = new JsonArray();
        var count = Random.Next(4);
        for (var i = 0; i < count; i++) array.Add(Random.Next(8) == 0 ? null : Value(depth, nullMembers: false));
        return array;
    }
}
