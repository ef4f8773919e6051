using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Quantities;

/// <summary>
/// A Kubernetes <c>resource.Quantity</c>: an exact decimal (held as a whole number of nano-units, the
/// finest precision Kubernetes keeps; finer values round up away from zero) with the format it was
/// written in. <see cref="ToString"/> gives Kubernetes' canonical form (<c>0.5</c> → <c>500m</c>,
/// <c>1024Mi</c> → <c>1Gi</c>, <c>1.5Ki</c> → <c>1536</c>), except that a string already canonical as
/// written is kept as written, as Kubernetes does.
/// </summary>
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>
{
    /// <summary>Kubernetes' message for a string that is not a quantity.</summary>
    public const string FormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    public const string SuffixError = "unable to parse quantity's suffix";
    public const string NumericError = "unable to parse numeric part of quantity";

    private static readonly BigInteger NanosPerUnit = 1_000_000_000;
    private static readonly BigInteger MaxBinary = long.MaxValue;
    private const int MaxExponent = 1000;

    private readonly BigInteger _nanos;
    private readonly string? _written;

    private Quantity(BigInteger nanos, QuantityFormat format, string? written)
    {
        _nanos = nanos;
        Format = format;
        _written = written;
    }

    public static Quantity Zero => default;

    public QuantityFormat Format { get; }

    public bool IsZero => _nanos.IsZero;

    public int Sign => _nanos.Sign;

    /// <summary>The value in nano-units (10^-9), exact.</summary>
    public BigInteger Nanos => _nanos;

    /// <summary>The exact value as a decimal; saturates beyond decimal's range.</summary>
    public decimal ToDecimal()
    {
        var whole = BigInteger.DivRem(_nanos, NanosPerUnit, out var rest);
        if (BigInteger.Abs(whole) > (BigInteger)decimal.MaxValue) return _nanos.Sign > 0 ? decimal.MaxValue : decimal.MinValue;
        return (decimal)whole + (decimal)rest / 1_000_000_000m;
    }

    /// <summary>The value as a double, for metrics and ratios where exactness no longer matters.</summary>
    public double ToDouble() => (double)_nanos / 1e9;

    /// <summary>The value in thousandths, rounded up away from zero (<c>MilliValue()</c>): <c>0.1</c> → 100, <c>1n</c> → 1.</summary>
    public long MilliValue => Saturate(DivideAwayFromZero(_nanos, 1_000_000));

    /// <summary>The value in units rounded up away from zero (<c>Value()</c>): bytes for memory, cores for <c>2</c>.</summary>
    public long Value => Saturate(DivideAwayFromZero(_nanos, NanosPerUnit));

    public static Quantity FromMilli(long milli) => new((BigInteger)milli * 1_000_000, QuantityFormat.DecimalSI, null);

    public static Quantity FromInt(long value, QuantityFormat format = QuantityFormat.DecimalSI) => new((BigInteger)value * NanosPerUnit, format, null);

    public static Quantity FromNanos(BigInteger nanos, QuantityFormat format = QuantityFormat.DecimalSI) => new(nanos, format, null);

    public static Quantity Parse(string text) =>
        TryParse(text, out var quantity, out var error) ? quantity : throw new FormatException(error);

    /// <summary>Parses every form Kubernetes accepts (<c>100m</c>, <c>0.5</c>, <c>128Mi</c>, <c>1G</c>, <c>1e3</c>), with its error texts.</summary>
    public static bool TryParse(string? text, out Quantity quantity, out string? error)
    {
        quantity = default;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = FormatError;
            return false;
        }
        if (text == "0")
        {
            quantity = new Quantity(BigInteger.Zero, QuantityFormat.DecimalSI, "0");
            return true;
        }
        if (!QuantityText.Split(text, out var positive, out var num, out var denom, out var suffix))
        {
            error = FormatError;
            return false;
        }
        if (!QuantityText.InterpretSuffix(suffix, out var radix, out var exponent, out var format))
        {
            error = SuffixError;
            return false;
        }

        var digits = BigInteger.Parse(num + denom, NumberStyles.None, CultureInfo.InvariantCulture);
        BigInteger numerator = digits;
        BigInteger denominator = BigInteger.One;
        var scale = radix == 10 ? exponent - denom.Length : -denom.Length;
        if (radix == 2) numerator <<= exponent;
        // value = numerator * 10^scale; nanos = value * 10^9, rounded up away from zero.
        var nanoScale = scale + 9;
        // Absurd exponents would make huge numbers; anything this far below a nano-unit rounds up to one.
        if (nanoScale > MaxExponent)
        {
            error = NumericError;
            return false;
        }
        if (nanoScale < -MaxExponent) nanoScale = -(numerator.ToString(CultureInfo.InvariantCulture).Length + 1);
        if (nanoScale >= 0) numerator *= BigInteger.Pow(10, nanoScale);
        else denominator = BigInteger.Pow(10, -nanoScale);
        var nanos = DivideAwayFromZero(numerator, denominator);
        if (format == QuantityFormat.BinarySI)
        {
            if (nanos > MaxBinary * NanosPerUnit) nanos = MaxBinary * NanosPerUnit;
            // Fractions of a binary unit would print oddly; Kubernetes switches them to decimal.
            if (nanos > 0 && nanos < NanosPerUnit) format = QuantityFormat.DecimalSI;
        }
        if (!positive) nanos = -nanos;
        quantity = new Quantity(nanos, format, KeepsWrittenForm(num, denom, exponent, format) ? text : null);
        return true;
    }

    /// <summary>Reads a quantity from JSON as Kubernetes does: a string (trimmed) or a bare number.</summary>
    public static bool TryFromJson(JsonNode? node, out Quantity quantity, out string? error)
    {
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.String:
                    return TryParse(v.GetValue<string>().Trim(), out quantity, out error);
                case JsonValueKind.Number:
                    return TryParse(v.ToJsonString(), out quantity, out error);
            }
        }
        quantity = default;
        error = FormatError;
        return false;
    }

    public JsonNode ToJson() => JsonValue.Create(ToString());

    public Quantity Add(Quantity other) => new(_nanos + other._nanos, IsZero ? other.Format : Format, null);

    public Quantity Subtract(Quantity other) => new(_nanos - other._nanos, IsZero ? other.Format : Format, null);

    public Quantity Negate() => new(-_nanos, Format, null);

    public static Quantity operator +(Quantity a, Quantity b) => a.Add(b);
    public static Quantity operator -(Quantity a, Quantity b) => a.Subtract(b);
    public static bool operator ==(Quantity a, Quantity b) => a.Equals(b);
    public static bool operator !=(Quantity a, Quantity b) => !a.Equals(b);
    public static bool operator <(Quantity a, Quantity b) => a.CompareTo(b) < 0;
    public static bool operator >(Quantity a, Quantity b) => a.CompareTo(b) > 0;
    public static bool operator <=(Quantity a, Quantity b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Quantity a, Quantity b) => a.CompareTo(b) >= 0;

    public int CompareTo(Quantity other) => _nanos.CompareTo(other._nanos);

    /// <summary>Equal values are equal whatever their format (<c>1Gi</c> equals <c>1073741824</c>).</summary>
    public bool Equals(Quantity other) => _nanos == other._nanos;

    public override bool Equals(object? obj) => obj is Quantity q && Equals(q);

    public override int GetHashCode() => _nanos.GetHashCode();

    /// <summary>Kubernetes' canonical string, as a round trip through the API shows it.</summary>
    public override string ToString() => _written ?? QuantityText.Canonical(_nanos, Format);

    // Kubernetes reuses the caller's string only on its fast path, when that string is already canonical;
    // reproduce the same test so the text we store is the text Kubernetes would store.
    private static bool KeepsWrittenForm(string num, string denom, int exponent, QuantityFormat format)
    {
        if (format == QuantityFormat.BinarySI)
        {
            if (denom.Length > 0 || exponent < 0) return false;
            var precision = 15 - num.Length - (int)((float)exponent * 3 / 10) - 1;
            if (precision < 0) return false;
            if (!long.TryParse(num, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
            if (value != 0 && value > long.MaxValue >> exponent) return false;
            return exponent % 10 == 0 && (value & 0x07) != 0;
        }
        if (18 - (num.Length + denom.Length) < 0) return false;
        var scale = exponent - denom.Length;
        if (scale < -9) return false;
        var shifted = num + denom;
        if (!long.TryParse(shifted, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return false;
        return scale % 3 == 0 && !shifted.EndsWith("000", StringComparison.Ordinal) && shifted[0] != '0';
    }

    private static BigInteger DivideAwayFromZero(BigInteger value, BigInteger divisor)
    {
        var quotient = BigInteger.DivRem(value, divisor, out var remainder);
        if (!remainder.IsZero) quotient += value.Sign;
        return quotient;
    }

    private static long Saturate(BigInteger value) =>
        value > long.MaxValue ? long.MaxValue : value < long.MinValue ? long.MinValue : (long)value;
}
