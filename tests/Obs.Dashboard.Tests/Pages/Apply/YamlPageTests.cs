using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Dashboard.Tests.Pages.Apply;

/// <summary>View YAML and edit on a real apiserver: the resourceVersion makes a save a compare-and-swap, Secret values stay masked until revealed.</summary>
public sealed partial class YamlPageTests(OpsCluster ops) : IClassFixture<OpsCluster>
{
    private async Task CreateConfigMapAsync(string name, string value) =>
        await ops.Api.CreateAsync(ResourceTypes.ConfigMap, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["data"] = new JsonObject { ["mode"] = value },
        });

    private static string Editor(string html) => EditorText().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no editor in:\n" + html);

    [GeneratedRegex("<textarea id=\"object-yaml\"[^>]*>(.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex EditorText();

    [Fact]
    public async Task TheObjectIsShownAsYamlWithoutManagedFieldsAndSavingUpdatesIt()
    {
        await CreateConfigMapAsync("edit-me", "slow");
        using var host = await ops.SignedInBrowserAsync();

        var (code, html) = await host.GetPageAsync("/yaml/configmaps/default/edit-me");
        Assert.Equal(HttpStatusCode.OK, code);
        var yaml = Editor(html);
        Assert.Contains("mode: slow", yaml);
        Assert.Contains("resourceVersion:", yaml);
        Assert.DoesNotContain("managedFields", yaml);

        var (_, saved) = await host.PostFormAsync("/yaml/configmaps/default/edit-me", "save", [new("EditedYaml", yaml.Replace("mode: slow", "mode: fast", StringComparison.Ordinal))]);

        Assert.Contains("Saved ConfigMap default/edit-me", saved);
        Assert.Equal("fast", (await ops.Api.GetAsync(ResourceTypes.ConfigMap, "default", "edit-me")).StringAt("data", "mode"));
    }

    [Fact]
    public async Task SavingOverSomeoneElsesChangeShowsTheConflictAndKeepsTheirs()
    {
        await CreateConfigMapAsync("contended", "one");
        using var host = await ops.SignedInBrowserAsync();
        var (_, opened) = await host.GetPageAsync("/yaml/configmaps/default/contended");
        var yaml = Editor(opened);

        var theirs = await ops.Api.GetAsync(ResourceTypes.ConfigMap, "default", "contended");
        theirs["data"]!["mode"] = "theirs";
        await ops.Api.UpdateAsync(ResourceTypes.ConfigMap, theirs);

        var (_, html) = await host.PostFormAsync("/yaml/configmaps/default/contended", "save", [new("EditedYaml", yaml.Replace("mode: one", "mode: mine", StringComparison.Ordinal))]);

        Assert.Contains("Someone else changed this object since you opened it; reload to see their change. <a href=\"/yaml/configmaps/default/contended\">Reload</a>", html);
        Assert.Contains("mode: mine", Editor(html));
        Assert.Equal("theirs", (await ops.Api.GetAsync(ResourceTypes.ConfigMap, "default", "contended")).StringAt("data", "mode"));
    }

    [Fact]
    public async Task ASecretsValuesAreHiddenUntilRevealed()
    {
        await ops.Api.CreateAsync(ResourceTypes.Secret, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "db", ["namespace"] = "default" },
            ["data"] = new JsonObject { ["password"] = "aHVudGVyMg==" },
        });
        using var host = await ops.SignedInBrowserAsync();

        var (_, hidden) = await host.GetPageAsync("/yaml/secrets/default/db");
        Assert.Contains("password: ••••", Editor(hidden));
        Assert.DoesNotContain("aHVudGVyMg==", hidden);
        Assert.DoesNotContain(">Save</button>", hidden);
        Assert.Contains("Reveal values</button>", hidden);

        var (_, revealed) = await host.PostFormAsync("/yaml/secrets/default/db", "reveal", []);
        Assert.Contains("password: aHVudGVyMg==", Editor(revealed));
        Assert.Contains(">Save</button>", revealed);
    }

    [Fact]
    public async Task AMissingObjectAndAnUnknownResourceAreSaidPlainly()
    {
        using var host = await ops.SignedInBrowserAsync();

        var (code, missing) = await host.GetPageAsync("/yaml/configmaps/default/nothing-here");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Contains("ConfigMap default/nothing-here does not exist.", missing);

        var (_, unknown) = await host.GetPageAsync("/yaml/widgets/default/x");
        Assert.Contains("The API serves no resource called \"widgets\".", unknown);
    }
}
