using System.Globalization;
using System.Text;

namespace Obs.Api.Cel;

/// <summary>How CEL's <c>string()</c> writes values, and how errors show them.</summary>
internal static class CelFormat
{
    public static string Display(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        double d => Double(d),
        string s => s,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        TimeSpan t => CelTime.FormatDuration(t),
        DateTimeOffset t => CelTime.FormatTimestamp(t),
        CelList list => "[" + string.Join(", ", list.Select(Quoted)) + "]",
        CelMap map => "{" + string.Join(", ", map.Keys.Select(k => Quoted(k) + ": " + Quoted(map.TryGet(k, out var v) ? v : null))) + "}",
        CelQuantity q => q.Value.ToString(),
        CelUrl u => u.Text,
        CelType t => t.Name,
        _ => value.ToString() ?? "",
    };

    private static string Quoted(object? value) => value is string s ? $"\"{s}\"" : Display(value);

    private static string Double(double d)
    {
        if (double.IsPositiveInfinity(d)) return "+Inf";
        if (double.IsNegativeInfinity(d)) return "-Inf";
        if (double.IsNaN(d)) return "NaN";
        // Go's strconv 'g' with the shortest precision: exponents from 1e21, e+NN style.
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E');
        if (e < 0) return text;
        var exponent = int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
        return $"{text[..e]}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
    }
}
