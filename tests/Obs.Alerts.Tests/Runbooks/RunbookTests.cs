using Obs.Alerts.Tests.Rules;

namespace Obs.Alerts.Tests.Runbooks;

public sealed class RunbookTests
{
    private static readonly string[] Severities = ["critical", "warning", "info"];

    private static IEnumerable<Rule> Alerts =>
        AlertsRepository.RuleFiles.SelectMany(f => RuleFile.Load(AlertsRepository.FullPath(f)).Alerts);

    [Fact]
    public void EveryAlertHasASeverityASummaryADescriptionAndItsOwnRunbook()
    {
        var problems = new List<string>();
        foreach (var alert in Alerts)
        {
            if (!Severities.Contains(alert.Labels.GetValueOrDefault("severity")))
                problems.Add($"{alert.Alert}: severity '{alert.Labels.GetValueOrDefault("severity")}' is not one of {string.Join('|', Severities)}");
            foreach (var annotation in new[] { "summary", "description" })
            {
                if (string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault(annotation)))
                    problems.Add($"{alert.Alert}: no {annotation}");
            }
            if (alert.Annotations.GetValueOrDefault("runbook_url") != $"docs/runbooks/{alert.Alert}.md")
                problems.Add($"{alert.Alert}: runbook_url '{alert.Annotations.GetValueOrDefault("runbook_url")}' is not docs/runbooks/{alert.Alert}.md");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void EveryRunbookSaysWhatItMeansHowToCheckWithKubectlAndPromqlAndHowToFix()
    {
        var problems = new List<string>();
        foreach (var url in Alerts.Select(a => a.Annotations.GetValueOrDefault("runbook_url")).OfType<string>().Distinct())
        {
            var path = AlertsRepository.FullPath(url);
            if (!File.Exists(path))
            {
                problems.Add($"{url}: missing");
                continue;
            }
            var sections = RunbookSections.Parse(File.ReadAllText(path));
            var headings = sections.Select(s => s.Heading).ToList();
            if (!headings.SequenceEqual(RunbookSections.Required))
                problems.Add($"{url}: sections are [{string.Join(", ", headings)}], expected [{string.Join(", ", RunbookSections.Required)}]");
            var check = sections.FirstOrDefault(s => s.Heading == "How to check")?.Body ?? "";
            if (!check.Contains("```sh\nkubectl ", StringComparison.Ordinal))
                problems.Add($"{url}: 'How to check' has no ```sh block starting with kubectl");
            if (!check.Contains("```promql\n", StringComparison.Ordinal))
                problems.Add($"{url}: 'How to check' has no ```promql block");
            if (sections.Any(s => string.IsNullOrWhiteSpace(s.Body)))
                problems.Add($"{url}: a section is empty");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void EveryRunbookBelongsToAnAlert()
    {
        var alertNames = Alerts.Select(a => a.Alert!).ToHashSet();
        var orphans = Directory.GetFiles(AlertsRepository.RunbooksDirectory, "*.md")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name != "README" && !alertNames.Contains(name!))
            .ToList();

        Assert.True(orphans.Count == 0, "runbooks without an alert:\n" + string.Join("\n", orphans));
    }
}
