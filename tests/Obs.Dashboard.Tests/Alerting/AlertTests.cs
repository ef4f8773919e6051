using System.Text.Json.Nodes;
using Obs.Dashboard.Alerting;

namespace Obs.Dashboard.Tests.Alerting;

public sealed class AlertTests
{
    private static Alert Resolved(string? resolvedBy) => Alert.FromJson(new JsonObject
    {
        ["id"] = 7L,
        ["status"] = "resolved",
        ["alertname"] = "KubePodNotReady",
        ["resolvedAt"] = "2026-12-06T08:00:00Z",
        ["resolvedBy"] = resolvedBy,
    });

    [Fact]
    public void WhoResolvedAnAlertIsReadFromTheReceiversJson()
    {
        Assert.Equal("receiver", Resolved("receiver").ResolvedBy);
        Assert.Equal("by Alertmanager", Resolved("alertmanager").ResolvedByText);
    }

    [Fact]
    public void AnAlertResolvedBeforeItWasRecordedByWhomSaysNothing()
    {
        Assert.Null(Resolved(null).ResolvedByText);
    }
}
