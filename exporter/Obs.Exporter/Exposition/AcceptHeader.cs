using System.Globalization;

namespace Obs.Exporter.Exposition;

/// <summary>
/// Picks the exposition format from an HTTP Accept header the way Prometheus' own client library does:
/// among the media ranges we can serve, the one with the highest q wins (the earliest on a tie);
/// anything else, including no header at all, gets the Prometheus text format 0.0.4.
/// </summary>
public static class AcceptHeader
{
    public static ExpositionFormat Negotiate(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return ExpositionFormat.PrometheusText;
        }

        var best = ExpositionFormat.PrometheusText;
        var bestQ = -1.0;
        var header = accept.AsSpan();
        foreach (var range in header.Split(','))
        {
            if (TryRead(header[range], out var format, out var q) && q > 0 && q > bestQ)
            {
                best = format;
                bestQ = q;
            }
        }
        return best;
    }

    // One media range: "type/subtype *( ; name=value )". Only version and q matter here.
    private static bool TryRead(ReadOnlySpan<char> mediaRange, out ExpositionFormat format, out double q)
    {
        format = ExpositionFormat.PrometheusText;
        q = 1.0;
        ReadOnlySpan<char> mediaType = default;
        ReadOnlySpan<char> version = default;
        var first = true;
        foreach (var part in mediaRange.Split(';'))
        {
            var token = mediaRange[part].Trim();
            if (first)
            {
                mediaType = token;
                first = false;
                continue;
            }
            var equals = token.IndexOf('=');
            if (equals < 0)
            {
                continue;
            }
            var name = token[..equals].Trim();
            var value = token[(equals + 1)..].Trim().Trim('"');
            if (name.Equals("version", StringComparison.OrdinalIgnoreCase))
            {
                version = value;
            }
            else if (name.Equals("q", StringComparison.OrdinalIgnoreCase) &&
                     !double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out q))
            {
                q = 0;
            }
        }

        if (mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            format = ExpositionFormat.PrometheusText;
            return version.IsEmpty || version.SequenceEqual("0.0.4");
        }
        if (mediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
        {
            format = ExpositionFormat.OpenMetrics;
            return version.IsEmpty || version.SequenceEqual("1.0.0");
        }
        return false;
    }
}
