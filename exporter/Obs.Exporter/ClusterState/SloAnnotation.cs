using System.Buffers.Text;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// The service level objectives a Service declares in annotations: <c>obs.dev/slo-availability: "99.9"</c>
/// (percent of requests that succeed) and <c>obs.dev/slo-latency: "250ms@99"</c> (percent of requests
/// faster than the threshold). Pure functions; an annotation that does not parse declares nothing.
/// </summary>
internal static class SloAnnotation
{
    public const string Availability = "obs.dev/slo-availability";
    public const string Latency = "obs.dev/slo-latency";

    /// <summary><c>"99.9"</c> → 0.999. The percentage must be above 0 and at most 100.</summary>
    public static bool TryParseAvailability(ReadOnlySpan<byte> text, out double ratio) => TryParsePercent(Trim(text), out ratio);

    /// <summary><c>"250ms@99"</c> → 0.25 s and 0.99. The duration takes Go's units (ns, us, µs, ms, s, m, h), combined as in <c>1m30s</c>.</summary>
    public static bool TryParseLatency(ReadOnlySpan<byte> text, out double thresholdSeconds, out double ratio)
    {
        thresholdSeconds = 0;
        ratio = 0;
        text = Trim(text);
        var at = text.IndexOf((byte)'@');
        return at > 0 && TryParseDuration(Trim(text[..at]), out thresholdSeconds) && thresholdSeconds > 0 &&
               TryParsePercent(Trim(text[(at + 1)..]), out ratio);
    }

    private static bool TryParsePercent(ReadOnlySpan<byte> text, out double ratio)
    {
        ratio = 0;
        if (text.Length > 0 && text[^1] == (byte)'%')
        {
            text = text[..^1];
        }
        // decimal, so "99.9" becomes exactly 0.999 rather than 0.9990000000000001.
        if (!Utf8Parser.TryParse(text, out decimal percent, out var consumed) || consumed != text.Length || percent <= 0 || percent > 100)
        {
            return false;
        }
        ratio = (double)(percent / 100m);
        return true;
    }

    private static bool TryParseDuration(ReadOnlySpan<byte> text, out double seconds)
    {
        seconds = 0;
        var total = 0m;
        if (text.IsEmpty)
        {
            return false;
        }
        while (!text.IsEmpty)
        {
            if (!Utf8Parser.TryParse(text, out decimal amount, out var consumed) || consumed == 0 || amount < 0)
            {
                return false;
            }
            text = text[consumed..];
            var unitLength = 0;
            while (unitLength < text.Length && !(char.IsAsciiDigit((char)text[unitLength]) || text[unitLength] == (byte)'.'))
            {
                unitLength++;
            }
            decimal? scale = text[..unitLength] switch
            {
                var u when u.SequenceEqual("h"u8) => 3600m,
                var u when u.SequenceEqual("m"u8) => 60m,
                var u when u.SequenceEqual("s"u8) => 1m,
                var u when u.SequenceEqual("ms"u8) => 0.001m,
                var u when u.SequenceEqual("us"u8) || u.SequenceEqual("µs"u8) => 0.000001m,
                var u when u.SequenceEqual("ns"u8) => 0.000000001m,
                _ => null,
            };
            if (scale is null)
            {
                return false;
            }
            total += amount * scale.Value;
            text = text[unitLength..];
        }
        seconds = (double)total;
        return true;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text) => text.Trim(" \t"u8);
}
