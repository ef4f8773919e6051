using System.Text.Json.Nodes;

namespace Obs.Api.Patch;

/// <summary>An RFC 6901 JSON Pointer: <c>/spec/containers/0/image</c>, with <c>~1</c> for '/' and <c>~0</c> for '~'.</summary>
internal sealed class JsonPointer
{
    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    /// <summary>The pointer as written in the patch, quoted back in error messages.</summary>
    public string Text { get; }

    /// <summary>The unescaped reference tokens; empty for the whole document.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public bool IsRoot => Tokens.Count == 0;

    public static JsonPointer Parse(string text)
    {
        if (text.Length == 0) return new JsonPointer(text, []);
        if (text[0] != '/') throw PatchException.Malformed($"path \"{text}\" is not a JSON pointer: it must be empty or start with \"/\"");
        var tokens = text[1..].Split('/');
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            for (var c = token.IndexOf('~'); c >= 0; c = token.IndexOf('~', c + 1))
            {
                if (c + 1 >= token.Length || token[c + 1] is not ('0' or '1'))
                    throw PatchException.Malformed($"path \"{text}\" is not a JSON pointer: '~' must be followed by '0' or '1'");
            }
            // ~1 before ~0, so that "~01" decodes to "~1" and not to "/" (RFC 6901 section 4).
            tokens[i] = token.Replace("~1", "/").Replace("~0", "~");
        }
        return new JsonPointer(text, tokens);
    }

    /// <summary>True when <paramref name="other"/> points strictly inside this pointer's value.</summary>
    public bool IsProperPrefixOf(JsonPointer other) =>
        Tokens.Count < other.Tokens.Count && Tokens.SequenceEqual(other.Tokens.Take(Tokens.Count));

    /// <summary>The value the pointer refers to; false when any step is missing.</summary>
    public static bool TryResolve(JsonNode? root, IReadOnlyList<string> tokens, int count, out JsonNode? value)
    {
        value = root;
        for (var i = 0; i < count; i++)
        {
            switch (value)
            {
                case JsonObject obj when obj.TryGetPropertyValue(tokens[i], out var child):
                    value = child;
                    break;
                case JsonArray array when TryParseIndex(tokens[i], out var index) && index < array.Count:
                    value = array[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }
        return true;
    }

    public bool TryResolve(JsonNode? root, out JsonNode? value) => TryResolve(root, Tokens, Tokens.Count, out value);

    /// <summary>An array index as RFC 6901 allows it: digits, no sign, no leading zero.</summary>
    public static bool TryParseIndex(string token, out int index)
    {
        index = -1;
        if (token.Length == 0 || token.Length > 9 || (token.Length > 1 && token[0] == '0')) return false;
        foreach (var c in token)
        {
            if (c is < '0' or > '9') return false;
        }
        index = int.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }

    public override string ToString() => Text;
}
