namespace Obs.Api.Cel;

/// <summary>
/// Kubernetes' semver library: <c>semver()</c> and <c>isSemver()</c> (each with an optional second argument,
/// true to normalize), and on a version <c>major</c>, <c>minor</c>, <c>patch</c>, <c>isLessThan</c>,
/// <c>isGreaterThan</c>, <c>compareTo</c>.
/// </summary>
internal static class CelSemverFunctions
{
    public static readonly string[] GlobalNames = ["semver", "isSemver"];

    public static readonly string[] MemberNames = ["major", "minor", "patch", "isLessThan", "isGreaterThan", "compareTo"];

    public static object? CallGlobal(string name, object?[] a) => (name, a) switch
    {
        ("semver", [string s]) => Parse(s, false),
        ("semver", [string s, bool normalize]) => Parse(s, normalize),
        ("isSemver", [string s]) => CelSemver.TryParse(s, false, out _) is not null,
        ("isSemver", [string s, bool normalize]) => CelSemver.TryParse(s, normalize, out _) is not null,
        _ => CelFunctions.NoMatch,
    };

    private static CelSemver Parse(string s, bool normalize) =>
        CelSemver.TryParse(s, normalize, out var error) ?? throw new CelEvaluationException(error!);

    public static object? CallMember(string name, object?[] a) => (name, a) switch
    {
        ("major", [CelSemver v]) => (long)v.Major,
        ("minor", [CelSemver v]) => (long)v.Minor,
        ("patch", [CelSemver v]) => (long)v.Patch,
        ("isLessThan", [CelSemver v, CelSemver other]) => v.CompareTo(other) < 0,
        ("isGreaterThan", [CelSemver v, CelSemver other]) => v.CompareTo(other) > 0,
        ("compareTo", [CelSemver v, CelSemver other]) => (long)v.CompareTo(other),
        _ => CelFunctions.NoMatch,
    };
}
