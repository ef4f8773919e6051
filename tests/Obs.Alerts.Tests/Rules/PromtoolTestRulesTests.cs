using System.Text.RegularExpressions;
using Obs.ApiServer.Alerting;
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

    /// <summary>
    /// A rule is told apart from others of its name by its static labels (severity, and for the
    /// burn-rate alerts slo, long and short): each must fire in some case, after a time at which the
    /// same case expects its name silent (its <c>for:</c> or its near miss), and each name must have a silent case.
    /// </summary>
    [Fact]
    public void EveryAlertingRuleFiresInSomeTestAfterBeingSilentAndEveryAlertHasASilentCase()
    {
        var cases = AlertsRepository.RuleTestFiles
            .SelectMany(t => RuleTestFile.Load(AlertsRepository.FullPath(t)).Tests)
            .ToList();
        var alerts = AlertsRepository.RuleFiles
            .SelectMany(f => RuleFile.Load(AlertsRepository.FullPath(f)).Alerts)
            .ToList();

        static bool FiredBy(AlertExpectation e, Rule rule) =>
            e.Alertname == rule.Alert && e.ExpAlerts.Any(x => rule.Labels.All(l => x.ExpLabels.GetValueOrDefault(l.Key) == l.Value));
        // Prometheus' notation (20m, 1h30m), which the receiver's silences read too.
        static TimeSpan Duration(string text) =>
            DurationText.TryParse(text, out var d) ? d : throw new FormatException($"eval_time '{text}' is not a duration");
        static string Describe(Rule rule) => $"{rule.Alert} {{{string.Join(", ", rule.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}}}";

        var neverFiring = alerts
            .Where(rule => !cases.Any(c => c.AlertRuleTest.Any(e => FiredBy(e, rule))))
            .Select(Describe)
            .ToList();
        var neverSilentFirst = alerts
            .Where(rule => rule.For is not null)
            .Where(rule => !cases.Any(c => c.AlertRuleTest.Any(fired => FiredBy(fired, rule)
                && c.AlertRuleTest.Any(silent => silent.Alertname == rule.Alert && silent.ExpAlerts.Count == 0
                    && Duration(silent.EvalTime) < Duration(fired.EvalTime)))))
            .Select(Describe)
            .ToList();
        var neverSilent = alerts
            .Select(a => a.Alert!)
            .Distinct()
            .Where(name => !cases.Any(c => c.AlertRuleTest.Any(e => e.Alertname == name && e.ExpAlerts.Count == 0)))
            .ToList();

        Assert.True(neverFiring.Count == 0, "no promtool test case expects these rules firing:\n" + string.Join("\n", neverFiring));
        Assert.True(neverSilentFirst.Count == 0, "no promtool test case expects these rules silent before they fire:\n" + string.Join("\n", neverSilentFirst));
        Assert.True(neverSilent.Count == 0, "no promtool test case expects these alerts silent:\n" + string.Join("\n", neverSilent));
    }

    /// <summary>
    /// A recording rule is tested when a promql_expr_test evaluates it, or when another rule reads it
    /// (the alerts' firing cases then depend on its value); one that nothing reads (kept for
    /// dashboards) needs a promql_expr_test of its own.
    /// </summary>
    [Fact]
    public void EveryRecordingRuleIsEvaluatedInSomeTestOrReadByAnotherRule()
    {
        var evaluated = AlertsRepository.RuleTestFiles
            .SelectMany(t => RuleTestFile.Load(AlertsRepository.FullPath(t)).Tests)
            .SelectMany(t => t.PromqlExprTest)
            .Select(e => e.Expr)
            .ToList();
        var rules = AlertsRepository.RuleFiles
            .SelectMany(f => RuleFile.Load(AlertsRepository.FullPath(f)).Groups)
            .SelectMany(g => g.Rules)
            .ToList();

        bool Mentions(string expr, string name) =>
            Regex.IsMatch(expr, "(?<![A-Za-z0-9_:])" + Regex.Escape(name) + "(?![A-Za-z0-9_:])");
        var untested = rules
            .Where(r => r.Record is not null)
            .Select(r => r.Record!)
            .Distinct()
            .Where(name => !evaluated.Any(e => Mentions(e, name)) && !rules.Any(r => r.Record != name && Mentions(r.Expr, name)))
            .ToList();

        Assert.True(untested.Count == 0, "no promql_expr_test evaluates these recording rules and no rule reads them:\n" + string.Join("\n", untested));
    }

    /// <summary>
    /// Alertmanager silences a pod's alerts while its node is down by matching their <c>node</c> label
    /// (alerts/alertmanager): an alert that names a pod must carry the pod's node where it has one.
    /// Only a pod no node fits has none.
    /// </summary>
    [Fact]
    public void EveryAlertNamingAPodCarriesItsNodeForTheNodeDownInhibition()
    {
        string[] podsWithoutNode = ["KubePodUnschedulable"];
        var fired = AlertsRepository.RuleTestFiles
            .SelectMany(t => RuleTestFile.Load(AlertsRepository.FullPath(t)).Tests)
            .SelectMany(t => t.AlertRuleTest)
            .SelectMany(e => e.ExpAlerts.Select(x => (e.Alertname, x.ExpLabels)))
            .Where(a => a.ExpLabels.ContainsKey("pod"))
            .ToList();

        var withoutNode = fired
            .GroupBy(a => a.Alertname)
            .Where(g => !podsWithoutNode.Contains(g.Key) && !g.Any(a => a.ExpLabels.ContainsKey("node")))
            .Select(g => g.Key)
            .ToList();

        Assert.NotEmpty(fired);
        Assert.True(withoutNode.Count == 0, "these alerts name a pod but never its node:\n" + string.Join("\n", withoutNode));
    }
}
