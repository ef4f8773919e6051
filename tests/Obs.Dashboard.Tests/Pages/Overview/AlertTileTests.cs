using System.Text.Json.Nodes;
using Obs.Dashboard.Alerting;
using Obs.Dashboard.Pages.Overview;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Pages.Overview;

public sealed class AlertTileTests
{
    [Fact]
    public async Task NoAlertsReadsAsQuiet()
    {
        var html = await RenderAsync(AlertCounts.From([]), null);

        Assert.Contains("No alerts firing.", html);
    }

    [Fact]
    public async Task ReceiverDownIsSaidInsteadOfZero()
    {
        var html = await RenderAsync(null, "the on-call receiver answered 503: database unavailable");

        Assert.Contains("Alerts are unavailable: the on-call receiver answered 503: database unavailable", html);
        Assert.DoesNotContain("No alerts firing.", html);
    }

    [Fact]
    public async Task ManyAlertsAreCountedBySeverityCriticalFirst()
    {
        var items = new List<Alert>();
        for (var i = 0; i < 40; i++) items.Add(Alert(i % 4 == 0 ? "critical" : "warning", acknowledged: i < 3));
        items.Add(Alert(null, acknowledged: false));

        var html = await RenderAsync(AlertCounts.From(items), null);

        Assert.Contains(">41 firing</a>", html);
        Assert.Contains("<span data-severity=\"critical\">10</span>", html);
        Assert.Contains("<span data-severity=\"warning\">30</span>", html);
        Assert.Contains("<span data-severity=\"none\">1</span>", html);
        Assert.True(html.IndexOf("data-severity=\"critical\"", StringComparison.Ordinal) < html.IndexOf("data-severity=\"warning\"", StringComparison.Ordinal));
        Assert.Contains("3 acknowledged", html);
    }

    private static Task<string> RenderAsync(AlertCounts? counts, string? error) =>
        ComponentRenderer.RenderAsync<AlertTile>(new Dictionary<string, object?> { ["Counts"] = counts, ["Error"] = error });

    private static Alert Alert(string? severity, bool acknowledged) => Obs.Dashboard.Alerting.Alert.FromJson(new JsonObject
    {
        ["status"] = acknowledged ? "acknowledged" : "firing",
        ["labels"] = severity is null ? new JsonObject() : new JsonObject { ["severity"] = severity },
    });
}
