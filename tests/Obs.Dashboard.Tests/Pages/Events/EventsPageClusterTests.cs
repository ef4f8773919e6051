using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Resources;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Pages.Events;

/// <summary>An event recorded through the real API reaches the page through the dashboard's informer.</summary>
public sealed class EventsPageClusterTests(OpsCluster ops) : IClassFixture<OpsCluster>
{
    [Fact]
    public async Task AnEventCreatedInTheClusterIsListed()
    {
        await ops.Api.CreateAsync(ResourceTypes.Event, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = "web-1.probe", ["namespace"] = "default" },
            ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["name"] = "web-1", ["namespace"] = "default" },
            ["type"] = "Warning",
            ["reason"] = "Unhealthy",
            ["message"] = "Readiness probe failed: connection refused",
            ["lastTimestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        });

        string html = "";
        for (var i = 0; i < 100 && !html.Contains("Readiness probe failed", StringComparison.Ordinal); i++)
        {
            if (i > 0) await Task.Delay(100);
            html = await ComponentRenderer.RenderAsync<Obs.Dashboard.Pages.Events.EventsPage>(services: s => s
                .AddPage("http://dashboard.test/events?reason=Unhealthy", ops.User)
                .AddSingleton(ops.Cache));
        }

        Assert.Contains("Readiness probe failed: connection refused", html);
        Assert.Contains("<a href=\"/pods/default/web-1\">Pod default/web-1</a>", html);
        Assert.Contains("<option value=\"kube-system\"", html);
    }
}
