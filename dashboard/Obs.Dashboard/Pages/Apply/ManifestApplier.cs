using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Dashboard.Yaml;

namespace Obs.Dashboard.Pages.Apply;

/// <summary>
/// Applies every document of a manifest with server-side apply as the signed-in user (field
/// manager <c>obs-dashboard</c>), one after another as kubectl does: a failed document does not
/// stop the next. Whether an object was created, configured or left unchanged is told by its
/// resourceVersion before and after.
/// </summary>
public static class ManifestApplier
{
    public const string FieldManager = "obs-dashboard";

    public static async Task<IReadOnlyList<ApplyResult>> ApplyAsync(ApiClient api, string manifest, CancellationToken cancellationToken = default)
    {
        var results = new List<ApplyResult>();
        foreach (var doc in YamlManifest.Parse(manifest)) results.Add(await ApplyAsync(api, doc, cancellationToken));
        return results;
    }

    private static async Task<ApplyResult> ApplyAsync(ApiClient api, YamlDocument doc, CancellationToken cancellationToken)
    {
        if (doc.SyntaxError is { } syntax) return ApplyResult.Failure(doc, "", "", syntax);
        var obj = doc.Object!;
        var apiVersion = obj.StringAt("apiVersion") ?? "";
        var kind = obj.StringAt("kind") ?? "";
        var name = ObjectMeta.Name(obj) ?? "";
        if (apiVersion.Length == 0 || kind.Length == 0)
            return ApplyResult.Failure(doc, kind, name, new YamlProblem(doc.Lines.DocumentLine, null, null, "apiVersion and kind are required"));
        if (ResourceTypes.FindByKind(apiVersion, kind) is not { } type)
            return ApplyResult.Failure(doc, kind, name, new YamlProblem(doc.Lines.LineOf("kind"), null, "kind", $"the server serves no {kind} in {apiVersion}"));
        if (name.Length == 0)
            return ApplyResult.Failure(doc, kind, name, new YamlProblem(doc.Lines.LineOf("metadata.name"), null, "metadata.name", "metadata.name: Required value: name is required"));
        var ns = type.Namespaced ? ObjectMeta.Namespace(obj) is { Length: > 0 } n ? n : api.DefaultNamespace : null;
        try
        {
            var before = await api.TryGetAsync(type, ns, name, cancellationToken);
            var after = await api.ApplyAsync(type, obj, FieldManager, cancellationToken: cancellationToken);
            var outcome = before is null ? ApplyResult.Created
                : ObjectMeta.ResourceVersion(before) == ObjectMeta.ResourceVersion(after) ? ApplyResult.Unchanged
                : ApplyResult.Configured;
            return new ApplyResult(doc.Source.Index, doc.Source.StartLine, kind, name, ns, outcome, null, []);
        }
        catch (ApiException e)
        {
            var problems = ApiProblems.From(e, doc.Lines);
            return new ApplyResult(doc.Source.Index, doc.Source.StartLine, kind, name, ns, ApplyResult.Failed, e.Message, problems);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            var problem = new YamlProblem(doc.Lines.DocumentLine, null, null, $"The API is unreachable: {e.Message}");
            return new ApplyResult(doc.Source.Index, doc.Source.StartLine, kind, name, ns, ApplyResult.Failed, problem.Message, [problem]);
        }
    }
}
