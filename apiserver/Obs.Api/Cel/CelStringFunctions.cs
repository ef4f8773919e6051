using System.Text;

namespace Obs.Api.Cel;

/// <summary>
/// The string functions: CEL's own (<c>size</c>, <c>startsWith</c>, <c>endsWith</c>, <c>contains</c>,
/// <c>matches</c>) and Kubernetes' strings library (<c>charAt</c>, <c>indexOf</c>, <c>lastIndexOf</c>,
/// <c>lowerAscii</c>, <c>upperAscii</c>, <c>replace</c>, <c>split</c>, <c>substring</c>, <c>trim</c>,
/// <c>join</c>, <c>reverse</c>) and regex library (<c>find</c>, <c>findAll</c>). Indexes and sizes count
/// code points, not UTF-16 units.
/// </summary>
internal static class CelStringFunctions
{
    public static readonly string[] GlobalNames = ["size", "matches"];

    public static readonly string[] MemberNames =
        ["size", "startsWith", "endsWith", "contains", "matches", "charAt", "indexOf", "lastIndexOf", "lowerAscii", "upperAscii",
         "replace", "split", "substring", "trim", "join", "reverse", "find", "findAll"];

    public static object? CallGlobal(string name, object?[] a) => name switch
    {
        "size" when a.Length == 1 => Size(a[0]),
        "matches" when a is [string s, string pattern] => CelRegex.Get(pattern).IsMatch(s),
        _ => CelFunctions.NoMatch,
    };

    public static object? CallMember(string name, object?[] a)
    {
        if (name == "size" && a.Length == 1) return Size(a[0]);
        if (name == "join" && a[0] is CelList list) return Join(list, a);
        if (a[0] is not string s) return CelFunctions.NoMatch;
        return (name, a.Length) switch
        {
            ("startsWith", 2) when a[1] is string p => s.StartsWith(p, StringComparison.Ordinal),
            ("endsWith", 2) when a[1] is string p => s.EndsWith(p, StringComparison.Ordinal),
            ("contains", 2) when a[1] is string p => s.Contains(p, StringComparison.Ordinal),
            ("matches", 2) when a[1] is string p => CelRegex.Get(p).IsMatch(s),
            ("find", 2) when a[1] is string p => CelRegex.Get(p).Match(s) is { Success: true } m ? m.Value : "",
            ("findAll", 2) when a[1] is string p => FindAll(s, p, -1),
            ("findAll", 3) when a[1] is string p && a[2] is long limit => FindAll(s, p, limit),
            ("charAt", 2) when a[1] is long i => CharAt(Runes(s), i),
            ("indexOf", 2) when a[1] is string sub => IndexOf(s, sub, 0, last: false),
            ("indexOf", 3) when a[1] is string sub && a[2] is long from => IndexOf(s, sub, from, last: false),
            ("lastIndexOf", 2) when a[1] is string sub => IndexOf(s, sub, null, last: true),
            ("lastIndexOf", 3) when a[1] is string sub && a[2] is long from => IndexOf(s, sub, from, last: true),
            ("lowerAscii", 1) => string.Create(s.Length, s, (span, src) => { for (var i = 0; i < src.Length; i++) span[i] = char.IsAsciiLetterUpper(src[i]) ? (char)(src[i] + 32) : src[i]; }),
            ("upperAscii", 1) => string.Create(s.Length, s, (span, src) => { for (var i = 0; i < src.Length; i++) span[i] = char.IsAsciiLetterLower(src[i]) ? (char)(src[i] - 32) : src[i]; }),
            ("replace", 3) when a[1] is string old && a[2] is string with => Replace(s, old, with, -1),
            ("replace", 4) when a[1] is string old && a[2] is string with && a[3] is long n => Replace(s, old, with, n),
            ("split", 2) when a[1] is string sep => Split(s, sep, -1),
            ("split", 3) when a[1] is string sep && a[2] is long n => Split(s, sep, n),
            ("substring", 2) when a[1] is long start => Substring(Runes(s), start, null),
            ("substring", 3) when a[1] is long start && a[2] is long end => Substring(Runes(s), start, end),
            ("trim", 1) => s.Trim(),
            ("reverse", 1) => string.Concat(Runes(s).Reverse().Select(r => r.ToString())),
            _ => CelFunctions.NoMatch,
        };
    }

    public static object? Size(object? v) => v switch
    {
        string s => (long)Runes(s).Length,
        byte[] b => (long)b.Length,
        CelList l => (long)l.Count,
        CelMap m => (long)m.Count,
        _ => CelFunctions.NoMatch,
    };

    private static Rune[] Runes(string s) => s.EnumerateRunes().ToArray();

    private static string Text(ReadOnlySpan<Rune> runes)
    {
        var sb = new StringBuilder();
        foreach (var r in runes) sb.Append(r.ToString());
        return sb.ToString();
    }

    private static string CharAt(Rune[] runes, long i) =>
        i < 0 || i > runes.Length ? throw new CelEvaluationException($"index out of range: {i}")
        : i == runes.Length ? "" : runes[i].ToString();

    private static long IndexOf(string s, string sub, long? from, bool last)
    {
        var runes = Runes(s);
        var needle = Runes(sub);
        var start = from ?? runes.Length;
        if (start < 0 || start > runes.Length) throw new CelEvaluationException($"index out of range: {start}");
        if (needle.Length == 0) return start;
        bool At(long i) => runes.AsSpan((int)i, needle.Length).SequenceEqual(needle);
        if (last)
        {
            for (var i = Math.Min(start, runes.Length - needle.Length); i >= 0; i--)
            {
                if (At(i)) return i;
            }
            return -1;
        }
        for (var i = start; i + needle.Length <= runes.Length; i++)
        {
            if (At(i)) return i;
        }
        return -1;
    }

    /// <summary>Replaces the first <paramref name="n"/> occurrences (all when negative), as Go's strings.Replace.</summary>
    private static string Replace(string s, string old, string with, long n)
    {
        if (n == 0 || old == with) return s;
        var sb = new StringBuilder();
        var count = 0L;
        if (old.Length == 0)
        {
            // An empty pattern matches before every code point and at the end.
            foreach (var r in s.EnumerateRunes())
            {
                if (n < 0 || count < n)
                {
                    sb.Append(with);
                    count++;
                }
                sb.Append(r.ToString());
            }
            if (n < 0 || count < n) sb.Append(with);
            return sb.ToString();
        }
        var at = 0;
        while (n < 0 || count < n)
        {
            var found = s.IndexOf(old, at, StringComparison.Ordinal);
            if (found < 0) break;
            sb.Append(s, at, found - at).Append(with);
            at = found + old.Length;
            count++;
        }
        return sb.Append(s, at, s.Length - at).ToString();
    }

    /// <summary>Splits into at most <paramref name="n"/> parts (all when negative, none when zero), as Go's strings.SplitN.</summary>
    private static CelList Split(string s, string sep, long n)
    {
        if (n == 0) return new CelList([]);
        var parts = new List<object?>();
        if (sep.Length == 0)
        {
            var runes = Runes(s);
            for (var i = 0; i < runes.Length; i++)
            {
                if (n > 0 && parts.Count == n - 1)
                {
                    parts.Add(Text(runes.AsSpan(i)));
                    return new CelList(parts);
                }
                parts.Add(runes[i].ToString());
            }
            return new CelList(parts);
        }
        var at = 0;
        while (n < 0 || parts.Count < n - 1)
        {
            var found = s.IndexOf(sep, at, StringComparison.Ordinal);
            if (found < 0) break;
            parts.Add(s[at..found]);
            at = found + sep.Length;
        }
        parts.Add(s[at..]);
        return new CelList(parts);
    }

    private static string Substring(Rune[] runes, long start, long? end)
    {
        var stop = end ?? runes.Length;
        if (start < 0 || start > runes.Length) throw new CelEvaluationException($"index out of range: {start}");
        if (stop < 0 || stop > runes.Length) throw new CelEvaluationException($"index out of range: {stop}");
        if (start > stop) throw new CelEvaluationException($"invalid substring range. start: {start}, end: {stop}");
        return Text(runes.AsSpan((int)start, (int)(stop - start)));
    }

    private static object? Join(CelList list, object?[] a)
    {
        if (a.Length > 2 || (a.Length == 2 && a[1] is not string)) return CelFunctions.NoMatch;
        var parts = new List<string>(list.Count);
        foreach (var item in list) parts.Add(item as string ?? throw CelEvaluationException.NoSuchOverload("join", list));
        return string.Join(a.Length == 2 ? (string)a[1]! : "", parts);
    }

    private static CelList FindAll(string s, string pattern, long limit)
    {
        if (limit == 0) return new CelList([]);
        var found = new List<object?>();
        foreach (System.Text.RegularExpressions.Match m in CelRegex.Get(pattern).Matches(s))
        {
            if (limit > 0 && found.Count >= limit) break;
            found.Add(m.Value);
        }
        return new CelList(found);
    }
}
