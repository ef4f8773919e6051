using System.Globalization;
using System.Numerics;

namespace Obs.Api.Quantities;

/// <summary>The text side of quantities: splitting a string into sign, digits and suffix, and printing canonically.</summary>
internal static class QuantityText
{
    private static readonly Dictionary<string, int> DecimalSuffixes = new(StringComparer.Ordinal)
    {
        ["n"] = -9, ["u"] = -6, ["m"] = -3, [""] = 0, ["k"] = 3, ["M"] = 6, ["G"] = 9, ["T"] = 12, ["P"] = 15, ["E"] = 18,
    };

    private static readonly Dictionary<string, int> BinarySuffixes = new(StringComparer.Ordinal)
    {
        ["Ki"] = 10, ["Mi"] = 20, ["Gi"] = 30, ["Ti"] = 40, ["Pi"] = 50, ["Ei"] = 60,
    };

    private static readonly string[] BinaryNames = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    /// <summary>
    /// Splits like apimachinery's <c>parseQuantityString</c>: optional sign, digits (leading zeros dropped),
    /// optional '.' and digits, then suffix letters with an optional signed exponent. False when characters
    /// are left over.
    /// </summary>
    public static bool Split(string str, out bool positive, out string num, out string denom, out string suffix)
    {
        positive = true;
        num = denom = suffix = "";
        var pos = 0;
        var end = str.Length;
        if (str[0] == '-') { positive = false; pos++; }
        else if (str[0] == '+') pos++;

        while (pos < end && str[pos] == '0') pos++;
        if (pos >= end)
        {
            num = "0";
            return true;
        }
        var start = pos;
        while (pos < end && char.IsAsciiDigit(str[pos])) pos++;
        num = str[start..pos];
        if (num.Length == 0) num = "0";
        if (pos >= end) return true;

        if (str[pos] == '.')
        {
            pos++;
            start = pos;
            while (pos < end && char.IsAsciiDigit(str[pos])) pos++;
            denom = str[start..pos];
            if (pos >= end) return true;
        }

        var suffixStart = pos;
        while (pos < end && "eEinumkKMGTP".Contains(str[pos])) pos++;
        if (pos >= end)
        {
            suffix = str[suffixStart..];
            return true;
        }
        if (str[pos] is '-' or '+') pos++;
        while (pos < end && char.IsAsciiDigit(str[pos])) pos++;
        if (pos < end) return false;
        suffix = str[suffixStart..];
        return true;
    }

    public static bool InterpretSuffix(string suffix, out int radix, out int exponent, out QuantityFormat format)
    {
        if (DecimalSuffixes.TryGetValue(suffix, out exponent))
        {
            radix = 10;
            format = QuantityFormat.DecimalSI;
            return true;
        }
        if (BinarySuffixes.TryGetValue(suffix, out exponent))
        {
            radix = 2;
            format = QuantityFormat.BinarySI;
            return true;
        }
        radix = 10;
        format = QuantityFormat.DecimalExponent;
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E' &&
            int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
        {
            return true;
        }
        exponent = 0;
        return false;
    }

    public static string Canonical(BigInteger nanos, QuantityFormat format)
    {
        if (nanos.IsZero) return "0";
        if (format == QuantityFormat.BinarySI)
        {
            var billion = new BigInteger(1_000_000_000);
            var whole = BigInteger.DivRem(nanos, billion, out var rest);
            // Below 1024 or fractional, binary suffixes would not help; Kubernetes prints these as decimal.
            if (BigInteger.Abs(whole) >= 1024 && rest.IsZero)
            {
                var power = 0;
                var magnitude = BigInteger.Abs(whole);
                while (power < 6 && magnitude >= 1024 && (magnitude % 1024).IsZero)
                {
                    magnitude /= 1024;
                    power++;
                }
                return (whole.Sign < 0 ? "-" : "") + magnitude.ToString(CultureInfo.InvariantCulture) + BinaryNames[power];
            }
            format = QuantityFormat.DecimalSI;
        }

        var mantissa = BigInteger.Abs(nanos);
        var exponent = -9;
        while (mantissa >= 10 && (mantissa % 10).IsZero)
        {
            mantissa /= 10;
            exponent++;
        }
        // Suffixes step by thousands, so move the exponent down to a multiple of three.
        while (exponent % 3 != 0)
        {
            mantissa *= 10;
            exponent--;
        }
        var sign = nanos.Sign < 0 ? "-" : "";
        var number = sign + mantissa.ToString(CultureInfo.InvariantCulture);
        if (format == QuantityFormat.DecimalExponent) return exponent == 0 ? number : number + "e" + exponent.ToString(CultureInfo.InvariantCulture);
        var name = DecimalSuffixes.FirstOrDefault(kv => kv.Value == exponent).Key;
        return name is not null ? number + name : number + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }
}
