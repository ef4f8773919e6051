namespace Obs.Alerts.Tests.Rules;

/// <summary>
/// Where the rule files, their promtool tests and the runbooks live. The tests read the checked-out
/// files in place (found by walking up from the test binaries) so that an edit is tested without a rebuild.
/// </summary>
internal static class AlertsRepository
{
    public static string Root { get; } = FindRoot();

    public static string RulesDirectory => Path.Combine(Root, "alerts", "rules");

    public static string RuleTestsDirectory => Path.Combine(Root, "alerts", "tests");

    public static string RunbooksDirectory => Path.Combine(Root, "docs", "runbooks");

    /// <summary>Rule files by their path relative to the repository root, as promtool prints them.</summary>
    public static IReadOnlyList<string> RuleFiles => RelativeFiles(RulesDirectory, "*.rules.yml");

    public static IReadOnlyList<string> RuleTestFiles => RelativeFiles(RuleTestsDirectory, "*.test.yml");

    public static string FullPath(string relativePath) => Path.Combine(Root, relativePath);

    private static IReadOnlyList<string> RelativeFiles(string directory, string pattern) =>
        Directory.GetFiles(directory, pattern)
            .Select(f => Path.GetRelativePath(Root, f))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "alerts", "rules")) && File.Exists(Path.Combine(dir.FullName, "Obs.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no repository with alerts/rules above {AppContext.BaseDirectory}");
    }
}
