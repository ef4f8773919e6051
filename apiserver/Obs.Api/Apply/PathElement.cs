using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Apply;

/// <summary>
/// One step of a field path in the FieldsV1 spelling Kubernetes stores in <c>managedFields</c>:
/// <c>f:name</c> (a field), <c>k:{"name":"nginx"}</c> (a map-list element by its keys),
/// <c>v:"x"</c> (a set element by its value), <c>i:3</c> (an element by position).
/// Elements are compared as strings, so keys and values are always written in one canonical form.
/// </summary>
public static class PathElement
{
    /// <summary>The element meaning "this node itself" inside a FieldsV1 tree that also has children.</summary>
    public const string Self = ".";

    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Field(string name) => "f:" + name;

    public static string Index(int index) => "i:" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Value(JsonNode? value) => "v:" + Canonical(value);

    /// <summary>A map-list element named by its key fields, written with the keys sorted as Kubernetes does.</summary>
    public static string Key(IEnumerable<KeyValuePair<string, JsonNode?>> keys)
    {
        var obj = new JsonObject();
        foreach (var (name, value) in keys.OrderBy(k => k.Key, StringComparer.Ordinal)) obj[name] = value?.DeepClone();
        return "k:" + obj.ToJsonString(Compact);
    }

    /// <summary>Rewrites an element read from stored FieldsV1 into the canonical form; throws <see cref="FormatException"/> when malformed.</summary>
    public static string Normalize(string element)
    {
        if (element.Length < 2 || element[1] != ':') throw new FormatException($"invalid path element \"{element}\"");
        var body = element[2..];
        switch (element[0])
        {
            case 'f':
                return element;
            case 'i':
                if (!int.TryParse(body, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                    throw new FormatException($"invalid index in path element \"{element}\"");
                return Index(index);
            case 'v':
                return Value(ParseJson(element, body));
            case 'k':
                if (ParseJson(element, body) is not JsonObject keys) throw new FormatException($"keys of path element \"{element}\" are not an object");
                return Key(keys.ToList());
            default:
                throw new FormatException($"unknown kind of path element \"{element}\"");
        }
    }

    /// <summary>How Kubernetes prints the element in messages: <c>.name</c>, <c>[name="nginx"]</c>, <c>[="x"]</c>, <c>[3]</c>.</summary>
    public static string Display(string element)
    {
        var body = element[2..];
        switch (element[0])
        {
            case 'f':
                return "." + body;
            case 'i':
                return "[" + body + "]";
            case 'v':
                return "[=" + body + "]";
            case 'k':
                var text = new StringBuilder("[");
                var keys = JsonNode.Parse(body)!.AsObject();
                var first = true;
                foreach (var (name, value) in keys)
                {
                    if (!first) text.Append(',');
                    first = false;
                    text.Append(name).Append('=').Append(Canonical(value));
                }
                return text.Append(']').ToString();
            default:
                return element;
        }
    }

    /// <summary>A whole path as Kubernetes prints it, e.g. <c>.spec.template.spec.containers[name="nginx"].image</c>.</summary>
    public static string Display(IEnumerable<string> path) => string.Concat(path.Select(Display));

    /// <summary>Orders elements as structured-merge-diff does: fields, then keys, then values, then indexes.</summary>
    internal static int Compare(string a, string b)
    {
        var byKind = Rank(a).CompareTo(Rank(b));
        return byKind != 0 ? byKind : string.CompareOrdinal(a, b);
    }

    internal static readonly IComparer<string> Order = Comparer<string>.Create(Compare);

    internal static string Canonical(JsonNode? value) => value is null ? "null" : value.ToJsonString(Compact);

    private static int Rank(string element) => element.Length == 0 ? 9 : element[0] switch
    {
        'f' => 0,
        'k' => 1,
        'v' => 2,
        'i' => 3,
        _ => 4,
    };

    private static JsonNode? ParseJson(string element, string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid JSON in path element \"{element}\"", e);
        }
    }
}
