using Obs.Dashboard.Layout;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Layout;

public sealed class NavMenuTests
{
    [Fact]
    public async Task NavigationIsALabelledLandmarkLinkingTheOverview()
    {
        var html = await ComponentRenderer.RenderAsync<NavMenu>(services: s => s.AddNavigationForTests());

        Assert.Contains("<nav class=\"side\" aria-label=\"Main\">", html);
        Assert.Contains("href=\"/\"", html);
        Assert.Contains(">Overview</a>", html);
    }
}
