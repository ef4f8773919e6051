using Obs.Alerts.Tests.Rules;
using Obs.Testing;

namespace Obs.Alerts.Tests.Runbooks;

public sealed class RunbookQueriesTests
{
    [Fact]
    public void TakesEachLineOfThePromqlBlocksButCommentsAndNothingElse()
    {
        var queries = RunbookQueries.Extract(
            "## How to check\n```sh\nkubectl get pods\n```\n\n```promql\nup{job=\"node\"}\n# a comment\n\nrate(x[5m])   # why\n```\n```text\nnot = a query\n```\n");

        Assert.Equal(["up{job=\"node\"}", "rate(x[5m])   # why"], queries);
    }

    /// <summary>
    /// promtool has no offline query check, but it parses every rule's expression: each runbook's
    /// queries become recording rules of a group named after the runbook, so a typo names its file.
    /// The placeholders (<c>&lt;namespace&gt;</c>) sit in label values, where any text parses.
    /// </summary>
    [Fact]
    public async Task EveryRunbookQueryIsValidPromql()
    {
        var runbooks = Directory.GetFiles(AlertsRepository.RunbooksDirectory, "*.md").Order(StringComparer.Ordinal).ToList();
        var groups = runbooks
            .Select(path => (Name: Path.GetFileNameWithoutExtension(path), Queries: RunbookQueries.Extract(File.ReadAllText(path))))
            .Where(r => r.Queries.Count > 0)
            .ToList();
        Assert.NotEmpty(groups);
        var ruleFile = Path.Combine(Path.GetTempPath(), $"obs-runbook-queries-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(ruleFile, "groups:\n" + string.Concat(groups.Select(g =>
            $"  - name: {g.Name}\n    rules:\n" + string.Concat(g.Queries.Select((q, i) =>
                $"      - record: runbook:query_{i}\n        expr: |\n          {q}\n")))));
        try
        {
            var result = await ProcessRunner.RunAsync(Promtool.Path, ["check", "rules", ruleFile]);

            Assert.True(result.ExitCode == 0, $"a runbook's PromQL does not parse:\n{result}");
        }
        finally
        {
            File.Delete(ruleFile);
        }
    }
}
