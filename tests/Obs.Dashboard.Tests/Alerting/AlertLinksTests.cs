using Obs.Dashboard.Alerting;

namespace Obs.Dashboard.Tests.Alerting;

public sealed class AlertLinksTests
{
    [Fact]
    public void APodAlertLinksThePodPage()
    {
        var links = AlertLinks.For(new Dictionary<string, string> { ["namespace"] = "shop", ["pod"] = "web-1", ["alertname"] = "KubePodCrashLooping" });
        var link = Assert.Single(links);
        Assert.Equal(("Pod", "shop/web-1", "/pods/shop/web-1"), (link.Kind, link.Name, link.Href));
    }

    [Fact]
    public void ADeploymentAndANodeAreLinkedToTheirPages()
    {
        var links = AlertLinks.For(new Dictionary<string, string> { ["namespace"] = "shop", ["deployment"] = "web", ["node"] = "node-1" });
        Assert.Equal(["/workloads/deployments/shop/web", "/nodes/node-1"], links.Select(l => l.Href));
    }

    [Fact]
    public void AWorkloadWithoutANamespaceIsNotLinked()
    {
        Assert.Empty(AlertLinks.For(new Dictionary<string, string> { ["deployment"] = "web" }));
    }
}
