using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Quantities;

/// <summary>
/// A field that holds either an integer or a string (<c>intstr.IntOrString</c>): ports (<c>8080</c> or
/// <c>http</c>) and rollout budgets (<c>1</c> or <c>25%</c>).
/// </summary>
public readonly record struct IntOrString(long? IntValue, string? StringValue)
{
    public bool IsInt => IntValue.HasValue;

    public static IntOrString FromInt(long value) => new(value, null);

    public static IntOrString FromString(string value) => new(null, value);

    /// <summary>The value of a JSON node, or null when it is neither an integer nor a string.</summary>
    public static IntOrString? FromJson(JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        return v.GetValueKind() switch
        {
            JsonValueKind.String => FromString(v.GetValue<string>()),
            JsonValueKind.Number when Validation.JsonValues.TryLong(v, out var l) => FromInt(l),
            _ => null,
        };
    }

    public JsonNode ToJson() => IntValue is { } i ? JsonValue.Create(i) : JsonValue.Create(StringValue ?? "");

    /// <summary>
    /// The absolute value for a total (<c>GetScaledValueFromIntOrPercent</c>): an integer as is, a percentage
    /// of <paramref name="total"/> rounded up (Deployment <c>maxSurge</c>) or down (<c>maxUnavailable</c>).
    /// </summary>
    public bool TryGetScaledValue(long total, bool roundUp, out long value, out string? error)
    {
        error = null;
        value = 0;
        if (IntValue is { } i)
        {
            value = i;
            return true;
        }
        var text = StringValue ?? "";
        if (!text.EndsWith('%'))
        {
            error = "invalid value for IntOrString: invalid type: string is not a percentage";
            return false;
        }
        var digits = text[..^1];
        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var percent))
        {
            error = $"invalid value for IntOrString: invalid value \"{text}\": strconv.Atoi: parsing \"{digits}\": invalid syntax";
            return false;
        }
        var product = percent * total;
        value = roundUp ? CeilingDivide(product, 100) : FloorDivide(product, 100);
        return true;
    }

    /// <summary>The integer, or the number before '%' (what validation compares with zero); 0 when unreadable.</summary>
    public long RawValue =>
        IntValue ?? (long.TryParse((StringValue ?? "").TrimEnd('%'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : 0);

    public bool IsPercent => StringValue is not null && StringValue.EndsWith('%');

    public override string ToString() => IntValue?.ToString(CultureInfo.InvariantCulture) ?? StringValue ?? "";

    private static long FloorDivide(long a, long b) => a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);

    private static long CeilingDivide(long a, long b) => a / b + (a % b != 0 && (a < 0) == (b < 0) ? 1 : 0);
}
