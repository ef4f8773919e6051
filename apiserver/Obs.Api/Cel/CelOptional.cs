namespace Obs.Api.Cel;

/// <summary>
/// CEL's optional value (<c>optional.of(x)</c>, <c>optional.none()</c>): what <c>oldSelf</c> is in a
/// rule marked <c>optionalOldSelf</c>, which then runs on creates too, with no previous value.
/// </summary>
public sealed record CelOptional(bool HasValue, object? Value)
{
    public static readonly CelOptional None = new(false, null);

    public static CelOptional Of(object? value) => new(true, value);
}

/// <summary>
/// The optional library: <c>optional.of/none/ofNonZeroValue</c>, <c>optional.unwrap</c> (and <c>unwrapOpt</c>:
/// the values of a list of optionals), and <c>hasValue</c>, <c>value</c>, <c>or</c>, <c>orValue</c>.
/// </summary>
internal static class CelOptionalFunctions
{
    /// <summary>The namespace the constructors are called through (<c>optional.none()</c>).</summary>
    public const string Namespace = "optional";

    public static readonly string[] GlobalNames = ["optional.of", "optional.none", "optional.ofNonZeroValue", "optional.unwrap"];

    public static readonly string[] MemberNames = ["hasValue", "value", "or", "orValue", "unwrapOpt"];

    public static object? CallGlobal(string name, object?[] a) => (name, a.Length) switch
    {
        ("optional.none", 0) => CelOptional.None,
        ("optional.of", 1) => CelOptional.Of(a[0]),
        ("optional.ofNonZeroValue", 1) => IsZero(a[0]) ? CelOptional.None : CelOptional.Of(a[0]),
        ("optional.unwrap", 1) when a[0] is CelList list => Unwrap(list),
        _ => CelFunctions.NoMatch,
    };

    public static object? CallMember(string name, object?[] a)
    {
        if (name == "unwrapOpt" && a is [CelList list]) return Unwrap(list);
        if (a[0] is not CelOptional optional) return CelFunctions.NoMatch;
        return (name, a.Length) switch
        {
            ("hasValue", 1) => optional.HasValue,
            ("value", 1) => optional.HasValue ? optional.Value : throw new CelEvaluationException("optional.none() dereference"),
            ("orValue", 2) => optional.HasValue ? optional.Value : a[1],
            ("or", 2) when a[1] is CelOptional other => optional.HasValue ? optional : other,
            _ => CelFunctions.NoMatch,
        };
    }

    private static CelList Unwrap(CelList list) =>
        new(list.Select(item => item as CelOptional ?? throw CelEvaluationException.NoSuchOverload("optional.unwrap", item))
            .Where(o => o.HasValue).Select(o => o.Value).ToList());

    private static bool IsZero(object? v) => v switch
    {
        null => true,
        bool b => !b,
        long l => l == 0,
        ulong u => u == 0,
        double d => d == 0,
        string s => s.Length == 0,
        byte[] b => b.Length == 0,
        CelList l => l.Count == 0,
        CelMap m => m.Count == 0,
        _ => false,
    };
}
