using Obs.Testing;

namespace Obs.Alerts.Tests.Rules;

public sealed class PromtoolCheckRulesTests
{
    public static TheoryData<string> RuleFiles => new(AlertsRepository.RuleFiles);

    [Fact]
    public void EachAreaHasItsRuleFile() =>
        Assert.Equal(
            ["alerts/rules/cluster.rules.yml", "alerts/rules/node-use.rules.yml", "alerts/rules/red-slo.rules.yml", "alerts/rules/workloads.rules.yml"],
            AlertsRepository.RuleFiles);

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public async Task RuleFilePassesPromtoolCheckWithoutWarnings(string ruleFile)
    {
        var result = await ProcessRunner.RunAsync(Promtool.Path, ["check", "rules", ruleFile], workingDirectory: AlertsRepository.Root);

        Assert.True(result.ExitCode == 0, $"promtool check rules {ruleFile} failed:\n{result}");
        var ruleCount = RuleFile.Load(AlertsRepository.FullPath(ruleFile)).Groups.Sum(g => g.Rules.Count);
        Assert.Equal($"Checking {ruleFile}\n  SUCCESS: {ruleCount} rules found\n\n", result.StdOut);
        Assert.Equal("", result.StdErr);
    }
}
