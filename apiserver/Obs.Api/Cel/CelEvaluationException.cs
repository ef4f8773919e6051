namespace Obs.Api.Cel;

/// <summary>
/// An error while evaluating (no such key, integer overflow, division by zero, no such overload...).
/// CEL treats errors as values: <c>&amp;&amp;</c>, <c>||</c> and the quantifier macros absorb one
/// when the other side decides the result, so evaluation catches these where the language says so.
/// </summary>
public sealed class CelEvaluationException(string message) : Exception(message)
{
    internal static CelEvaluationException NoSuchOverload(string function, params object?[] args) =>
        new($"no such overload: {function}({string.Join(", ", args.Select(CelTypes.NameOf))})");

    internal static CelEvaluationException NoSuchKey(object key) => new($"no such key: {CelFormat.Display(key)}");
}
