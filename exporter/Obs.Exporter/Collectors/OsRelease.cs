using System.Globalization;
using System.Text;

namespace Obs.Exporter.Collectors;

/// <summary>The os-release(5) fields node_exporter's <c>os</c> collector reports; missing ones are empty.</summary>
public sealed record OsRelease
{
    public string Name { get; init; } = "";
    public string Id { get; init; } = "";
    public string IdLike { get; init; } = "";
    public string PrettyName { get; init; } = "";
    public string Variant { get; init; } = "";
    public string VariantId { get; init; } = "";
    public string Version { get; init; } = "";
    public string VersionId { get; init; } = "";
    public string VersionCodename { get; init; } = "";
    public string BuildId { get; init; } = "";
    public string ImageId { get; init; } = "";
    public string ImageVersion { get; init; } = "";
    public string SupportEnd { get; init; } = "";

    /// <summary>The leading <c>major.minor</c> of VERSION_ID as a number (<c>22.04</c>, <c>12</c>), 0 when it has none.</summary>
    public double MajorMinor
    {
        get
        {
            var digits = 0;
            while (digits < VersionId.Length && char.IsAsciiDigit(VersionId[digits]))
            {
                digits++;
            }
            if (digits == 0)
            {
                return 0;
            }
            if (digits < VersionId.Length && VersionId[digits] == '.')
            {
                digits++;
                while (digits < VersionId.Length && char.IsAsciiDigit(VersionId[digits]))
                {
                    digits++;
                }
            }
            return double.Parse(VersionId.AsSpan(0, digits).TrimEnd('.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>SUPPORT_END (<c>YYYY-MM-DD</c>) as Unix seconds at midnight UTC, or null when absent or not a date.</summary>
    public long? SupportEndUnixSeconds =>
        DateTime.TryParseExact(SupportEnd, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? new DateTimeOffset(date, TimeSpan.Zero).ToUnixTimeSeconds()
            : null;

    /// <summary>
    /// Reads the shell-like assignments of an os-release file: <c>KEY=value</c>, <c>KEY="value"</c> with backslash
    /// escapes, <c>KEY='value'</c> taken literally; blank lines and <c>#</c> comments are skipped.
    /// </summary>
    public static OsRelease Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }
            values[line[..equals].Trim()] = Unquote(line[(equals + 1)..].Trim());
        }
        string Get(string key) => values.TryGetValue(key, out var value) ? value : "";
        return new OsRelease
        {
            Name = Get("NAME"),
            Id = Get("ID"),
            IdLike = Get("ID_LIKE"),
            PrettyName = Get("PRETTY_NAME"),
            Variant = Get("VARIANT"),
            VariantId = Get("VARIANT_ID"),
            Version = Get("VERSION"),
            VersionId = Get("VERSION_ID"),
            VersionCodename = Get("VERSION_CODENAME"),
            BuildId = Get("BUILD_ID"),
            ImageId = Get("IMAGE_ID"),
            ImageVersion = Get("IMAGE_VERSION"),
            SupportEnd = Get("SUPPORT_END"),
        };
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
        {
            return value[1..^1];
        }
        var quoted = value.Length >= 2 && value[0] == '"' && value[^1] == '"';
        var body = quoted ? value[1..^1] : value;
        if (!body.Contains('\\', StringComparison.Ordinal))
        {
            return body;
        }
        var result = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length)
            {
                i++;
            }
            result.Append(body[i]);
        }
        return result.ToString();
    }
}
