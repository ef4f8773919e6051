using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Jobs;

/// <summary>
/// <c>spec.successPolicy</c> of an Indexed Job: the Job succeeds early once one rule holds. A rule
/// with succeededIndexes wants all of them done; with succeededCount, that many indexes done; with
/// both, that many of the listed ones.
/// </summary>
internal static class SuccessPolicy
{
    /// <summary>The position of the first rule <paramref name="completed"/> meets, or null.</summary>
    public static int? MatchedRule(JsonObject job, IReadOnlySet<int> completed)
    {
        if (job.At("spec", "successPolicy", "rules") is not JsonArray rules || job.LongAt("spec", "completions") is not { } completions) return null;
        for (var i = 0; i < rules.Count; i++)
        {
            var listed = rules[i].StringAt("succeededIndexes") is { } text ? IndexIntervals.Parse(text, (int)Math.Min(completions, int.MaxValue)) : null;
            var count = rules[i].LongAt("succeededCount");
            var met = (listed, count) switch
            {
                (null, null) => false,
                (null, { } n) => completed.Count >= n,
                ({ } indexes, null) => indexes.Count > 0 && indexes.IsSubsetOf(completed),
                ({ } indexes, { } n) => indexes.Count(completed.Contains) >= n,
            };
            if (met) return i;
        }
        return null;
    }
}
