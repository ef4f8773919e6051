using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// One matcher of a silence in Alertmanager's API v2 form. <see cref="ParseList"/> reads the
/// command-line form <c>alertname=KubePodCrashLooping,namespace=~"team-.*"</c> with the four
/// operators <c>= != =~ !~</c>; values may be quoted to hold commas.
/// </summary>
public sealed record SilenceMatcher(string Name, string Value, bool IsRegex, bool IsEqual)
{
    private static readonly Regex LabelName = new("^[a-zA-Z_][a-zA-Z0-9_]*$", RegexOptions.CultureInvariant);

    public string Operator => (IsEqual, IsRegex) switch
    {
        (true, false) => "=",
        (false, false) => "!=",
        (true, true) => "=~",
        (false, true) => "!~",
    };

    public override string ToString() => $"{Name}{Operator}\"{Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    public JsonObject ToJson() => new() { ["name"] = Name, ["value"] = Value, ["isRegex"] = IsRegex, ["isEqual"] = IsEqual };

    /// <summary>Parses <c>a=b,c!~"d,e"</c>; throws <see cref="FormatException"/> with what is wrong.</summary>
    public static IReadOnlyList<SilenceMatcher> ParseList(string text)
    {
        var matchers = new List<SilenceMatcher>();
        var s = text.Trim();
        if (s.StartsWith('{') && s.EndsWith('}')) s = s[1..^1];
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == ',')) i++;
            if (i >= s.Length) break;
            var start = i;
            while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_')) i++;
            var name = s[start..i];
            if (!LabelName.IsMatch(name)) throw new FormatException($"\"{s[start..]}\" does not start with a label name");
            var op = i + 1 < s.Length && s[i] is '=' or '!' && s[i + 1] is '~' or '=' ? s.Substring(i, 2) : i < s.Length && s[i] == '=' ? "=" : "";
            if (op is not ("=" or "!=" or "=~" or "!~")) throw new FormatException($"matcher for \"{name}\" needs one of = != =~ !~");
            i += op.Length;
            string value;
            if (i < s.Length && s[i] == '"')
            {
                var sb = new System.Text.StringBuilder();
                i++;
                while (i < s.Length && s[i] != '"')
                {
                    if (s[i] == '\\' && i + 1 < s.Length) i++;
                    sb.Append(s[i++]);
                }
                if (i >= s.Length) throw new FormatException($"matcher for \"{name}\" has an unterminated quoted value");
                i++;
                value = sb.ToString();
            }
            else
            {
                var vs = i;
                while (i < s.Length && s[i] != ',') i++;
                value = s[vs..i].Trim();
            }
            var matcher = new SilenceMatcher(name, value, IsRegex: op.EndsWith('~'), IsEqual: op[0] == '=');
            if (matcher.IsRegex) Validate(matcher);
            matchers.Add(matcher);
            while (i < s.Length && s[i] == ' ') i++;
            if (i < s.Length && s[i] != ',') throw new FormatException($"expected ',' after the matcher for \"{name}\"");
        }
        if (matchers.Count == 0) throw new FormatException("a silence needs at least one matcher, such as alertname=KubePodCrashLooping");
        return matchers;
    }

    private static void Validate(SilenceMatcher matcher)
    {
        try
        {
            _ = new Regex(matcher.Value, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"matcher for \"{matcher.Name}\" has an invalid regular expression: {e.Message}");
        }
    }
}
