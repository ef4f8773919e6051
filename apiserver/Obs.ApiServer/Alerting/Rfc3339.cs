using System.Globalization;
using System.Text.RegularExpressions;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// RFC 3339 times as Go writes them: up to nine fractional digits, which .NET's parser refuses
/// past seven. Stored times keep microseconds, PostgreSQL's precision.
/// </summary>
public static partial class Rfc3339
{
    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Pattern();

    public static bool TryParse(string text, out DateTimeOffset time)
    {
        time = default;
        var m = Pattern().Match(text);
        if (!m.Success) return false;
        var fraction = m.Groups[3].Success ? m.Groups[3].Value[1..] : "";
        fraction = fraction.Length > 6 ? fraction[..6] : fraction.PadRight(6, '0');
        var zone = m.Groups[4].Value is "Z" or "z" ? "+00:00" : m.Groups[4].Value;
        if (!DateTimeOffset.TryParseExact($"{m.Groups[1].Value}T{m.Groups[2].Value}.{fraction}{zone}", "yyyy-MM-dd'T'HH:mm:ss.ffffffzzz",
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
        time = parsed.ToUniversalTime();
        return true;
    }

    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);
}
