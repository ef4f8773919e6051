using Microsoft.AspNetCore.Components;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Yaml;

namespace Obs.Dashboard.Pages.Apply;

public sealed partial class YamlPage
{
    [Inject] private CurrentUser User { get; set; } = null!;

    /// <summary>The resource's plural as in the API's paths: <c>deployments</c>, <c>configmaps</c>, <c>nodes</c>.</summary>
    [Parameter] public string Resource { get; set; } = "";

    [Parameter] public string? Namespace { get; set; }

    [Parameter] public string Name { get; set; } = "";

    [SupplyParameterFromForm(FormName = "save")] public string? EditedYaml { get; set; }

    private ResourceType? Type { get; set; }

    private string? Text { get; set; }

    private bool IsSecret => Type == ResourceTypes.Secret;

    private bool Revealed { get; set; }

    private bool ReadOnly => IsSecret && !Revealed;

    private bool Conflict { get; set; }

    private string? Error { get; set; }

    private string? Message { get; set; }

    private IReadOnlyList<YamlProblem> Problems { get; set; } = [];

    private string Title => $"{Type?.Kind ?? Resource} {(Namespace is { Length: > 0 } ns ? $"{ns}/{Name}" : Name)}";

    private string Here => Namespace is { Length: > 0 } ns ? $"/yaml/{Resource}/{ns}/{Name}" : $"/yaml/{Resource}/{Name}";

    protected override async Task OnInitializedAsync()
    {
        Type = ResourceTypes.All.FirstOrDefault(t => t.Plural == Resource);
        if (Type is null)
        {
            Error = $"The API serves no resource called \"{Resource}\".";
            return;
        }
        if (Type.Namespaced && string.IsNullOrEmpty(Namespace))
        {
            Error = $"{Type.Kind} objects live in a namespace: open /yaml/{Resource}/<namespace>/{Name}.";
            Type = null;
            return;
        }
        await LoadAsync();
    }

    /// <summary>
    /// Read with the user's own token, not from the dashboard's cache: the cache does not hold every
    /// kind (Secrets, ConfigMaps), and what the user may read, and the current resourceVersion to edit
    /// against, are the API's to say.
    /// </summary>
    private async Task LoadAsync()
    {
        try
        {
            var obj = await User.RequireApi().GetAsync(Type!, Type!.Namespaced ? Namespace : null, Name);
            Text = JsonToYaml.Write(ObjectYaml.ForEditor(obj, Revealed));
        }
        catch (ApiException e)
        {
            Text = null;
            Error = e.IsNotFound ? $"{Title} does not exist." : $"The API refused to show {Title} ({e.Reason}): {e.Message}";
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            Text = null;
            Error = $"The API is unreachable: {e.Message}";
        }
    }

    private async Task Reveal()
    {
        Revealed = true;
        await LoadAsync();
    }

    private async Task SaveAsync()
    {
        if (Type is null) return;
        var text = EditedYaml ?? "";
        var docs = YamlManifest.Parse(text);
        Text = text;
        if (docs.Count != 1)
        {
            Problems = [new YamlProblem(1, null, null, "the editor must hold exactly one document")];
            return;
        }
        var doc = docs[0];
        if (doc.SyntaxError is { } syntax)
        {
            Problems = [syntax];
            return;
        }
        var obj = doc.Object!;
        // The page edits one object: a changed name or namespace would write another one.
        if (ObjectMeta.Name(obj) != Name || (Type.Namespaced && (ObjectMeta.Namespace(obj) ?? Namespace) != Namespace))
        {
            Problems = [new YamlProblem(doc.Lines.LineOf("metadata.name"), null, "metadata.name", $"this page edits {Title}; to create another object use Apply")];
            return;
        }
        if (obj["metadata"] is System.Text.Json.Nodes.JsonObject meta && Type.Namespaced) meta["namespace"] = Namespace;
        try
        {
            var saved = await User.RequireApi().UpdateAsync(Type, obj);
            Message = $"Saved {Title}: resourceVersion {ObjectMeta.ResourceVersion(saved)}.";
            // Shown as saved, with values masked again: a revealed Secret stays revealed only for the request that asked.
            Revealed = false;
            Text = JsonToYaml.Write(ObjectYaml.ForEditor(saved, Revealed));
            Problems = [];
        }
        catch (ApiException e) when (e.IsConflict)
        {
            Conflict = true;
        }
        catch (ApiException e)
        {
            Error = $"The API refused the change ({e.Reason}): {e.Message}";
            Problems = ApiProblems.From(e, doc.Lines);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            Error = $"The API is unreachable: {e.Message}";
        }
    }
}
