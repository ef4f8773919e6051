using Obs.Dashboard.Pages.Apply;
using Obs.Dashboard.Tests.Rendering;
using Obs.Dashboard.Yaml;

namespace Obs.Dashboard.Tests.Pages.Apply;

public sealed class YamlProblemsTests
{
    [Fact]
    public async Task EachProblemIsListedByLineAndMarkedUnderItsLine()
    {
        var html = await ComponentRenderer.RenderAsync<YamlProblems>(new Dictionary<string, object?>
        {
            ["Text"] = "kind: Deployment\nspec:\n  replicas: -1\n",
            ["Problems"] = new List<YamlProblem> { new(3, null, "spec.replicas", "spec.replicas: Invalid value: -1: must be greater than or equal to 0") },
        });

        Assert.Contains("<li data-line=\"3\"><a href=\"#manifest-line-3\">Line 3</a>: spec.replicas: Invalid value: -1", html);
        Assert.Contains("<span id=\"manifest-line-3\" class=\"line marked\"><span class=\"number\">3</span>   replicas: -1</span>\n<span class=\"mark\" role=\"note\">    ↑ spec.replicas: Invalid value: -1", System.Net.WebUtility.HtmlDecode(html));
        Assert.Contains("<span id=\"manifest-line-1\" class=\"line\">", html);
    }

    [Fact]
    public async Task NoProblemsRendersNothing()
    {
        var html = await ComponentRenderer.RenderAsync<YamlProblems>(new Dictionary<string, object?> { ["Text"] = "kind: Pod\n", ["Problems"] = new List<YamlProblem>() });

        Assert.Equal("", html.Trim());
    }
}
