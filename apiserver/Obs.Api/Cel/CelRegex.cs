using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Obs.Api.Cel;

/// <summary>
/// Regular expressions for <c>matches</c>, <c>find</c> and <c>findAll</c>. CEL uses RE2, which has no
/// backreferences or lookaround and runs in linear time; .NET's non-backtracking engine has the same
/// limits and guarantee, so a pattern RE2 refuses is mostly refused here too. A timeout guards the rest.
/// </summary>
internal static class CelRegex
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static Regex Get(string pattern)
    {
        if (Cache.TryGetValue(pattern, out var cached)) return cached;
        Regex regex;
        try
        {
            // RE2 spells named groups (?P<name>...); .NET (?<name>...).
            var dotnet = pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
            regex = new Regex(dotnet, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, Timeout);
        }
        catch (NotSupportedException e)
        {
            throw new CelEvaluationException($"error parsing regexp: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new CelEvaluationException($"error parsing regexp: {e.Message}");
        }
        if (Cache.Count > 512) Cache.Clear();
        Cache[pattern] = regex;
        return regex;
    }

    /// <summary>Null when the pattern compiles, else why not (for checking constant patterns before evaluation).</summary>
    public static string? Problem(string pattern)
    {
        try
        {
            Get(pattern);
            return null;
        }
        catch (CelEvaluationException e)
        {
            return e.Message;
        }
    }
}
