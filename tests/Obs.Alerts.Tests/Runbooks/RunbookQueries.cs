namespace Obs.Alerts.Tests.Runbooks;

/// <summary>The PromQL queries of a runbook: each line of its <c>```promql</c> blocks but comment lines.</summary>
internal static class RunbookQueries
{
    public static IReadOnlyList<string> Extract(string markdown)
    {
        var queries = new List<string>();
        var inPromql = false;
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inPromql = !inPromql && line == "```promql";
                continue;
            }
            if (inPromql && line.Trim() is { Length: > 0 } query && !query.StartsWith('#'))
                queries.Add(query);
        }
        return queries;
    }
}
