using Obs.Testing;

namespace Obs.Alerts.Tests.Rules;

public sealed class PromtoolTestRulesTests
{
    public static TheoryData<string> RuleTestFiles => new(AlertsRepository.RuleTestFiles);

    [Theory]
    [MemberData(nameof(RuleTestFiles))]
    public async Task RuleTestFilePassesPromtoolTest(string testFile)
    {
        var result = await ProcessRunner.RunAsync(Promtool.Path, ["test", "rules", testFile], workingDirectory: AlertsRepository.Root);

        Assert.True(result.ExitCode == 0, $"promtool test rules {testFile} failed:\n{result}");
        Assert.Equal($"Unit Testing:  {testFile}\n  SUCCESS\n\n", result.StdOut);
    }

    [Fact]
    public void EveryRuleFileHasATestFile()
    {
        var tested = AlertsRepository.RuleTestFiles
            .SelectMany(t => RuleTestFile.Load(AlertsRepository.FullPath(t)).RuleFiles
                .Select(r => Path.GetRelativePath(AlertsRepository.Root, Path.GetFullPath(r, Path.GetDirectoryName(AlertsRepository.FullPath(t))!))))
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(AlertsRepository.RuleFiles, tested);
    }

    [Fact]
    public void EveryAlertAndSeverityFiresInSomeTestAndEveryAlertHasASilentCase()
    {
        var expectations = AlertsRepository.RuleTestFiles
            .SelectMany(t => RuleTestFile.Load(AlertsRepository.FullPath(t)).Tests)
            .SelectMany(t => t.AlertRuleTest)
            .ToList();
        var alerts = AlertsRepository.RuleFiles
            .SelectMany(f => RuleFile.Load(AlertsRepository.FullPath(f)).Alerts)
            .ToList();

        var neverFiring = alerts
            .Select(a => $"{a.Alert} severity={a.Labels.GetValueOrDefault("severity")}")
            .Distinct()
            .Where(key => !expectations.Any(e => e.ExpAlerts.Any(x => $"{e.Alertname} severity={x.ExpLabels.GetValueOrDefault("severity")}" == key)))
            .ToList();
        var neverSilent = alerts
            .Select(a => a.Alert!)
            .Distinct()
            .Where(name => !expectations.Any(e => e.Alertname == name && e.ExpAlerts.Count == 0))
            .ToList();

        Assert.True(neverFiring.Count == 0, "no promtool test case expects these alerts firing:\n" + string.Join("\n", neverFiring));
        Assert.True(neverSilent.Count == 0, "no promtool test case expects these alerts silent:\n" + string.Join("\n", neverSilent));
    }
}
