using System.Globalization;
using System.Text;

namespace Obs.Api.Cel;

/// <summary>
/// The parts of cel-go's strings library (version 2, as Kubernetes enables it) that format text:
/// <c>strings.quote(s)</c> and <c>"...".format([args])</c> with the clauses <c>%s</c>, <c>%d</c>, <c>%f</c>,
/// <c>%e</c>, <c>%b</c>, <c>%x</c>, <c>%X</c>, <c>%o</c> (an optional <c>.N</c> precision for <c>%f</c> and
/// <c>%e</c>) and <c>%%</c>. <c>%e</c> is written as Go's <c>%e</c> (<c>2.718280e+00</c>).
/// </summary>
internal static class CelStringFormatting
{
    public static readonly string[] GlobalNames = ["strings.quote"];

    public static readonly string[] MemberNames = ["format"];

    public static object? CallGlobal(string name, object?[] a) =>
        name == "strings.quote" && a is [string s] ? Quote(s) : CelFunctions.NoMatch;

    public static object? CallMember(string name, object?[] a) =>
        name == "format" && a is [string template, CelList args] ? Format(template, args) : CelFunctions.NoMatch;

    private static string Quote(string s)
    {
        var text = new StringBuilder("\"");
        foreach (var c in s)
        {
            text.Append(c switch
            {
                '\a' => "\\a", '\b' => "\\b", '\f' => "\\f", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", '\v' => "\\v",
                '\\' => "\\\\", '"' => "\\\"",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    private static string Format(string template, CelList args)
    {
        var text = new StringBuilder();
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '%')
            {
                text.Append(template[i]);
                continue;
            }
            if (++i >= template.Length) throw new CelEvaluationException("could not parse formatting clause: unexpected end of string");
            if (template[i] == '%')
            {
                text.Append('%');
                continue;
            }
            int? precision = null;
            if (template[i] == '.')
            {
                var start = ++i;
                while (i < template.Length && char.IsAsciiDigit(template[i])) i++;
                if (i == start || i >= template.Length) throw new CelEvaluationException("could not parse formatting clause: invalid precision");
                precision = int.Parse(template.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            }
            if (next >= args.Count) throw new CelEvaluationException($"index {next} out of range");
            text.Append(Clause(template[i], precision, args[next++]));
        }
        return text.ToString();
    }

    private static string Clause(char verb, int? precision, object? arg) => (verb, arg) switch
    {
        ('s', _) => CelFormat.Display(arg),
        ('d', long or ulong) => CelFormat.Display(arg),
        ('f', long or ulong or double) => Fixed(ToDouble(arg!), precision ?? 6),
        ('e', long or ulong or double) => Scientific(ToDouble(arg!), precision ?? 6),
        ('b', bool b) => b ? "1" : "0",
        ('b', long or ulong) => Radix(arg!, 2),
        ('o', long or ulong) => Radix(arg!, 8),
        ('x', long or ulong) => Radix(arg!, 16),
        ('X', long or ulong) => Radix(arg!, 16).ToUpperInvariant(),
        ('x', string s) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)),
        ('X', string s) => Convert.ToHexString(Encoding.UTF8.GetBytes(s)),
        ('x', byte[] b) => Convert.ToHexStringLower(b),
        ('X', byte[] b) => Convert.ToHexString(b),
        ('s' or 'd' or 'f' or 'e' or 'b' or 'o' or 'x' or 'X', _) =>
            throw new CelEvaluationException($"error during formatting: no such overload: %{verb} of {CelTypes.NameOf(arg)}"),
        _ => throw new CelEvaluationException($"could not parse formatting clause: unrecognized formatting clause \"{verb}\""),
    };

    private static double ToDouble(object v) => v switch
    {
        long l => l,
        ulong u => u,
        _ => (double)v,
    };

    private static string Special(double d) => double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";

    private static string Fixed(double d, int precision) =>
        double.IsFinite(d) ? d.ToString("F" + precision, CultureInfo.InvariantCulture) : Special(d);

    private static string Scientific(double d, int precision)
    {
        if (!double.IsFinite(d)) return Special(d);
        // .NET writes e+000; Go writes at least two exponent digits.
        return d.ToString((precision == 0 ? "0" : "0." + new string('0', precision)) + "e+00", CultureInfo.InvariantCulture);
    }

    private static string Radix(object v, int radix)
    {
        var (negative, magnitude) = v switch
        {
            long l => (l < 0, l == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(l)),
            _ => (false, (ulong)v),
        };
        var digits = new StringBuilder();
        do
        {
            digits.Insert(0, "0123456789abcdef"[(int)(magnitude % (ulong)radix)]);
            magnitude /= (ulong)radix;
        }
        while (magnitude > 0);
        return (negative ? "-" : "") + digits;
    }
}
