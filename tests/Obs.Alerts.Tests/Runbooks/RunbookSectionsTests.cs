namespace Obs.Alerts.Tests.Runbooks;

public sealed class RunbookSectionsTests
{
    [Fact]
    public void SplitsLevelTwoHeadingsInOrderAndIgnoresTheTitle()
    {
        var sections = RunbookSections.Parse("# Title\nintro\n## What it means\nA.\n\n## How to check\n### Sub\nB\r\n## How to fix\n");

        Assert.Equal(
            [new RunbookSection("What it means", "A."), new RunbookSection("How to check", "### Sub\nB"), new RunbookSection("How to fix", "")],
            sections);
    }
}
