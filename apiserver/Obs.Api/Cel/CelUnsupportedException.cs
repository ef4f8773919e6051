namespace Obs.Api.Cel;

/// <summary>
/// An expression that is valid in some Kubernetes version's CEL but uses a part this evaluator does not
/// have (cel-go's lists extension...). Callers should neither refuse
/// it as invalid nor pretend to have checked it.
/// </summary>
public sealed class CelUnsupportedException(string message) : Exception(message)
{
    /// <summary>Functions Kubernetes' CEL environment has, in some version, that this evaluator does not implement.</summary>
    internal static readonly HashSet<string> KnownElsewhere =
    [
        "slice", "flatten", "distinct", "range", "sort", "sortBy", "first", "last", "getOrDefault",
    ];
}
