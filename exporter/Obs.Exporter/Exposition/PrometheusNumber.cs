using System.Buffers.Text;
using System.Globalization;

namespace Obs.Exporter.Exposition;

/// <summary>
/// Formats numbers the way Prometheus' Go client does (<c>strconv.FormatFloat(v, 'g', -1, 64)</c>), so our
/// output matches node_exporter's byte for byte and <c>le</c> label values (which are strings to
/// Prometheus) agree across exporters: shortest round-trip digits, exponent form when the exponent is
/// below -4 or at least 6 (<c>1e+06</c>, <c>1.5e-05</c>). OpenMetrics additionally wants floats to look
/// like floats (<c>1.0</c>), as its canonical <c>le</c> values do.
/// </summary>
internal static class PrometheusNumber
{
    /// <summary>Enough for any double in either style ("-1.2345678901234567e-308" is 24 bytes).</summary>
    public const int MaxLength = 32;

    public static int Format(double value, Span<byte> destination, bool openMetrics)
    {
        if (double.IsNaN(value))
        {
            return Copy("NaN"u8, destination);
        }
        if (double.IsPositiveInfinity(value))
        {
            return Copy("+Inf"u8, destination);
        }
        if (double.IsNegativeInfinity(value))
        {
            return Copy("-Inf"u8, destination);
        }
        if (openMetrics && value == 0)
        {
            return Copy("0.0"u8, destination);
        }

        // .NET's "R" gives the same shortest round-trip digits as Go, only laid out differently
        // ("1E-05", "1E+15", "123.45"): read the digits and the decimal point position back out.
        Span<byte> shortest = stackalloc byte[MaxLength];
        value.TryFormat(shortest, out var length, "R", CultureInfo.InvariantCulture);
        var text = shortest[..length];

        var written = 0;
        if (text[0] == (byte)'-')
        {
            destination[written++] = (byte)'-';
            text = text[1..];
        }

        Span<byte> digits = stackalloc byte[MaxLength];
        var count = 0;
        var point = 0; // value = 0.d1d2...dn × 10^point
        var seenDot = false;
        var i = 0;
        for (; i < text.Length && text[i] != (byte)'E'; i++)
        {
            var c = text[i];
            if (c == (byte)'.')
            {
                seenDot = true;
            }
            else if (count == 0 && c == (byte)'0')
            {
                if (seenDot)
                {
                    point--;
                }
            }
            else
            {
                digits[count++] = c;
                if (!seenDot)
                {
                    point++;
                }
            }
        }
        if (i < text.Length)
        {
            Utf8Parser.TryParse(text[(i + 1)..], out int exponent, out _);
            point += exponent;
        }
        while (count > 0 && digits[count - 1] == (byte)'0')
        {
            count--;
        }
        if (count == 0)
        {
            destination[written++] = (byte)'0';
            return openMetrics ? written + Copy(".0"u8, destination[written..]) : written;
        }

        var decimalExponent = point - 1;
        if (decimalExponent < -4 || decimalExponent >= 6)
        {
            destination[written++] = digits[0];
            if (count > 1)
            {
                destination[written++] = (byte)'.';
                digits[1..count].CopyTo(destination[written..]);
                written += count - 1;
            }
            destination[written++] = (byte)'e';
            destination[written++] = decimalExponent < 0 ? (byte)'-' : (byte)'+';
            var magnitude = Math.Abs(decimalExponent);
            if (magnitude < 10)
            {
                destination[written++] = (byte)'0';
            }
            Utf8Formatter.TryFormat(magnitude, destination[written..], out var exponentLength);
            return written + exponentLength;
        }

        if (point <= 0)
        {
            written += Copy("0."u8, destination[written..]);
            destination.Slice(written, -point).Fill((byte)'0');
            written += -point;
            digits[..count].CopyTo(destination[written..]);
            return written + count;
        }
        if (point >= count)
        {
            digits[..count].CopyTo(destination[written..]);
            written += count;
            destination.Slice(written, point - count).Fill((byte)'0');
            written += point - count;
            return openMetrics ? written + Copy(".0"u8, destination[written..]) : written;
        }
        digits[..point].CopyTo(destination[written..]);
        written += point;
        destination[written++] = (byte)'.';
        digits[point..count].CopyTo(destination[written..]);
        return written + count - point;
    }

    public static int Format(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out var written);
        return written;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
