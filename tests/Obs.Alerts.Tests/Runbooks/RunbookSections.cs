namespace Obs.Alerts.Tests.Runbooks;

/// <summary>Splits a runbook into its level-2 sections, in order.</summary>
internal static class RunbookSections
{
    public static readonly string[] Required = ["What it means", "How to check", "How to fix"];

    public static IReadOnlyList<RunbookSection> Parse(string markdown)
    {
        var sections = new List<RunbookSection>();
        string? heading = null;
        var body = new List<string>();
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (heading is not null) sections.Add(new RunbookSection(heading, string.Join('\n', body).Trim()));
                heading = line[3..].Trim();
                body.Clear();
            }
            else if (heading is not null)
            {
                body.Add(line);
            }
        }
        if (heading is not null) sections.Add(new RunbookSection(heading, string.Join('\n', body).Trim()));
        return sections;
    }
}
