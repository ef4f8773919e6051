using Obs.Client.Rest;
using Obs.Dashboard.Yaml;

namespace Obs.Dashboard.Pages.Apply;

/// <summary>
/// The API's refusal as problems at lines: each <c>Status.details.causes[]</c> entry at the line of
/// its field (or its nearest written parent), a refusal without causes at the document's first line.
/// </summary>
public static class ApiProblems
{
    public static IReadOnlyList<YamlProblem> From(ApiException e, FieldLines lines)
    {
        var problems = new List<YamlProblem>();
        if (e.Details?["causes"] is System.Text.Json.Nodes.JsonArray causes)
        {
            foreach (var cause in causes.OfType<System.Text.Json.Nodes.JsonObject>())
            {
                var field = cause["field"]?.GetValue<string>();
                var message = cause["message"]?.GetValue<string>() ?? e.Message;
                // Kubernetes' cause messages often leave the field out; put it back so the line says what is wrong.
                if (field is { Length: > 0 } && !message.StartsWith(field, StringComparison.Ordinal)) message = $"{field}: {message}";
                problems.Add(new YamlProblem(lines.LineOf(field), null, field, message));
            }
        }
        if (problems.Count == 0) problems.Add(new YamlProblem(lines.DocumentLine, null, null, e.Message));
        return problems;
    }
}
