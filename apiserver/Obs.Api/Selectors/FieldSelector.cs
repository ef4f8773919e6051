using System.Text;

namespace Obs.Api.Selectors;

/// <summary>
/// A parsed field selector (<c>metadata.name=web,status.phase!=Running</c>): terms joined by AND.
/// Parsing follows apimachinery's <c>fields.ParseSelector</c>: terms split on unescaped commas and sorted,
/// operators <c>!=</c>, <c>==</c>, <c>=</c>, values unescaped (<c>\\</c>, <c>\,</c>, <c>\=</c>).
/// Which fields a resource supports is <see cref="FieldSelectors"/>' business.
/// </summary>
public sealed class FieldSelector
{
    private FieldSelector(IReadOnlyList<FieldRequirement> requirements) => Requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    public IReadOnlyList<FieldRequirement> Requirements { get; }

    public bool IsEmpty => Requirements.Count == 0;

    /// <summary>Parses <c>?fieldSelector=</c>; throws <see cref="FormatException"/> with Kubernetes' message.</summary>
    public static FieldSelector Parse(string text) =>
        TryParse(text, out var selector, out var error) ? selector : throw new FormatException(error);

    public static bool TryParse(string? text, out FieldSelector selector, out string? error)
    {
        selector = Everything;
        error = null;
        var terms = SplitTerms(text ?? "");
        terms.Sort(StringComparer.Ordinal);
        var requirements = new List<FieldRequirement>();
        foreach (var term in terms)
        {
            if (term.Length == 0) continue;
            if (!SplitTerm(term, out var field, out var op, out var raw))
            {
                error = $"invalid selector: '{text}'; can't understand '{term}'";
                return false;
            }
            if (!TryUnescapeValue(raw, out var value, out error)) return false;
            requirements.Add(new FieldRequirement(field, value, op == "!="));
        }
        selector = requirements.Count == 0 ? Everything : new FieldSelector(requirements);
        return true;
    }

    /// <summary>Whether every term holds; <paramref name="field"/> gives a field's value ("" when absent).</summary>
    public bool Matches(Func<string, string> field)
    {
        foreach (var requirement in Requirements)
        {
            if (!requirement.Matches(field)) return false;
        }
        return true;
    }

    /// <summary>The requirement for <c>field=value</c> on this field, if the selector pins it (lets storage narrow a query).</summary>
    public string? RequiresExactMatch(string field) =>
        Requirements.FirstOrDefault(r => !r.NotEquals && r.Field == field)?.Value;

    public override string ToString() => string.Join(",", Requirements.Select(r => r.ToString()));

    public static string EscapeValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal);

    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        if (text.Length == 0) return terms;
        var start = 0;
        var inSlash = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inSlash) inSlash = false;
            else if (c == '\\') inSlash = true;
            else if (c == ',')
            {
                terms.Add(text[start..i]);
                start = i + 1;
            }
        }
        terms.Add(text[start..]);
        return terms;
    }

    // The two-character operators are tried first at each position, so "a!=b" is != and not "a!" = "b".
    private static bool SplitTerm(string term, out string field, out string op, out string value)
    {
        for (var i = 0; i < term.Length; i++)
        {
            foreach (var candidate in (string[])["!=", "==", "="])
            {
                if (string.CompareOrdinal(term, i, candidate, 0, candidate.Length) == 0)
                {
                    field = term[..i];
                    op = candidate;
                    value = term[(i + candidate.Length)..];
                    return true;
                }
            }
        }
        field = op = value = "";
        return false;
    }

    private static bool TryUnescapeValue(string text, out string value, out string? error)
    {
        error = null;
        value = text;
        if (text.IndexOfAny(['\\', ',', '=']) < 0) return true;
        var builder = new StringBuilder(text.Length);
        var inSlash = false;
        foreach (var c in text)
        {
            if (inSlash)
            {
                if (c is '\\' or ',' or '=')
                {
                    builder.Append(c);
                    inSlash = false;
                    continue;
                }
                error = "invalid field selector: invalid escape sequence: \\" + c;
                return false;
            }
            switch (c)
            {
                case '\\':
                    inSlash = true;
                    break;
                case ',' or '=':
                    // Go formats the rune with %v, which prints its code point.
                    error = $"invalid field selector: unescaped character in value: {(int)c}";
                    return false;
                default:
                    builder.Append(c);
                    break;
            }
        }
        if (inSlash)
        {
            error = "invalid field selector: invalid escape sequence: \\";
            return false;
        }
        value = builder.ToString();
        return true;
    }
}
