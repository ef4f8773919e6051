using System.Net;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Dashboard.Pages.Apply;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Pages.Apply;

/// <summary>The apply page over a real apiserver: manifests posted through the page's form as a browser would.</summary>
public sealed class ApplyPageTests(OpsCluster ops) : IClassFixture<OpsCluster>
{
    private const string ConfigMapAndDeployment = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-settings
        data:
          mode: fast
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: nginx:1.27
        """;

    [Fact]
    public async Task TheEmptyPageIsAnEditorThatWorksWithoutJavaScript()
    {
        var html = await ComponentRenderer.RenderAsync<ApplyPage>(services: s => s.AddPage("http://dashboard.test/apply", ops.User));

        Assert.Contains("<textarea id=\"manifest\" name=\"Manifest\" data-editor=\"yaml\"", html);
        Assert.Contains("<label for=\"manifest\">", html);
        Assert.DoesNotContain("Result", html);
    }

    [Fact]
    public async Task TwoDocumentsAreAppliedAndEachOutcomeIsListed()
    {
        using var host = await ops.SignedInBrowserAsync();

        var (code, html) = await host.PostFormAsync("/apply", "apply", [new("Manifest", ConfigMapAndDeployment)]);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Contains("<td>ConfigMap default/web-settings</td>\n                            <td>created</td>", html);
        Assert.Contains("<td>Deployment default/web</td>\n                            <td>created</td>", html);
        var deployment = await ops.Api.GetAsync(ResourceTypes.Deployment, "default", "web");
        Assert.Equal(2, deployment.LongAt("spec", "replicas"));
        Assert.Equal("fast", (await ops.Api.GetAsync(ResourceTypes.ConfigMap, "default", "web-settings")).StringAt("data", "mode"));

        var (_, again) = await host.PostFormAsync("/apply", "apply", [new("Manifest", ConfigMapAndDeployment.Replace("replicas: 2", "replicas: 3", StringComparison.Ordinal))]);
        Assert.Contains("<td>ConfigMap default/web-settings</td>\n                            <td>unchanged</td>", again);
        Assert.Contains("<td>Deployment default/web</td>\n                            <td>configured</td>", again);
    }

    [Fact]
    public async Task TheApisValidationMessageIsShownAtTheReplicasLine()
    {
        using var host = await ops.SignedInBrowserAsync();
        var manifest = ConfigMapAndDeployment.Replace("name: web-settings", "name: bad-settings", StringComparison.Ordinal)
            .Replace("name: web\nspec:\n  replicas: 2", "name: bad-replicas\nspec:\n  replicas: -1", StringComparison.Ordinal);
        Assert.Contains("replicas: -1", manifest);
        var replicasLine = manifest.Split('\n').ToList().FindIndex(l => l.Contains("replicas: -1", StringComparison.Ordinal)) + 1;

        var (_, html) = await host.PostFormAsync("/apply", "apply", [new("Manifest", manifest)]);

        Assert.Contains("<td>ConfigMap default/bad-settings</td>\n                            <td>created</td>", html);
        Assert.Contains($"<li data-line=\"{replicasLine}\"><a href=\"#manifest-line-{replicasLine}\">Line {replicasLine}</a>: spec.replicas: Invalid value: -1", html);
        Assert.Contains($"<span id=\"manifest-line-{replicasLine}\" class=\"line marked\">", html);
        Assert.Null(await ops.Api.TryGetAsync(ResourceTypes.Deployment, "default", "bad-replicas"));
    }

    [Fact]
    public async Task AYamlSyntaxErrorIsShownWithItsLineAndColumn()
    {
        using var host = await ops.SignedInBrowserAsync();

        var (_, html) = await host.PostFormAsync("/apply", "apply", [new("Manifest", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n")]);

        Assert.Matches("<li data-line=\"[45]\"><a href=\"#manifest-line-[45]\">Line [45], column \\d+</a>: ", html);
        Assert.Contains("<td>failed", html);
    }
}
