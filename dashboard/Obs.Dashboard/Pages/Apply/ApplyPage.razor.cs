using Microsoft.AspNetCore.Components;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Yaml;

namespace Obs.Dashboard.Pages.Apply;

public sealed partial class ApplyPage
{
    [Inject] private CurrentUser User { get; set; } = null!;

    [SupplyParameterFromForm(FormName = "apply")] public string? Manifest { get; set; }

    private IReadOnlyList<ApplyResult>? Results { get; set; }

    private IReadOnlyList<YamlProblem> Problems => Results?.SelectMany(r => r.Problems).ToList() ?? [];

    private async Task ApplyAsync() => Results = await ManifestApplier.ApplyAsync(User.RequireApi(), Manifest ?? "");
}
