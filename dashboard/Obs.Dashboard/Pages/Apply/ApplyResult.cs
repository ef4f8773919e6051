using Obs.Dashboard.Yaml;

namespace Obs.Dashboard.Pages.Apply;

/// <summary>What became of one document: created, configured, unchanged, or failed with the problems at their lines.</summary>
public sealed record ApplyResult(int Index, int Line, string Kind, string Name, string? Namespace, string Outcome, string? Message, IReadOnlyList<YamlProblem> Problems)
{
    public const string Created = "created";
    public const string Configured = "configured";
    public const string Unchanged = "unchanged";
    public const string Failed = "failed";

    public bool IsFailure => Outcome == Failed;

    public static ApplyResult Failure(YamlDocument doc, string kind, string name, YamlProblem problem) =>
        new(doc.Source.Index, doc.Source.StartLine, kind, name, null, Failed, problem.Message, [problem]);
}
