namespace Obs.Api.Cel;

/// <summary>
/// An expression that is valid in Kubernetes' CEL but uses a part this evaluator does not have (the
/// ip/cidr, format and semver libraries, two-variable comprehensions, <c>.?</c> optional syntax...).
/// Callers should neither refuse it as invalid nor pretend to have checked it.
/// </summary>
public sealed class CelUnsupportedException(string message) : Exception(message)
{
    /// <summary>Functions and macros Kubernetes' CEL environment has that this evaluator does not implement.</summary>
    internal static readonly HashSet<string> KnownElsewhere =
    [
        "ip", "isIP", "cidr", "isCIDR", "family", "isUnspecified", "isLoopback", "isLinkLocalMulticast", "isLinkLocalUnicast",
        "isGlobalUnicast", "containsIP", "containsCIDR", "masked", "prefixLength", "isCanonical",
        "semver", "isSemver", "major", "minor", "patch", "isGreaterThan", "isLessThan", "compareTo",
        "format", "quote", "validate", "named",
        "slice", "flatten", "distinct", "range", "sort", "sortBy", "first", "last",
        "transformList", "transformMap", "transformMapEntry", "all", "exists", "exists_one",
        "optMap", "optFlatMap", "or", "getOrDefault",
    ];
}
