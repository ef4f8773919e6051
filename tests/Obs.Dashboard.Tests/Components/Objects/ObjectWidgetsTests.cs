using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Dashboard.Components.Objects;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Components.Objects;

public sealed class ObjectWidgetsTests
{
    private readonly CachedObjects _objects = new();

    private Task<string> Render<T>(params (string Name, object? Value)[] parameters) where T : Microsoft.AspNetCore.Components.IComponent =>
        ComponentRenderer.RenderAsync<T>(parameters.ToDictionary(p => p.Name, p => p.Value), s => _objects.Services(s));

    [Theory]
    [InlineData(5 * 60, "5m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(2 * 86400, "2d")]
    [InlineData(45, "45s")]
    public async Task AgeIsPrintedAsKubectlPrintsIt(int seconds, string expected)
    {
        var html = await Render<Age>(("Timestamp", CachedObjects.Ago(TimeSpan.FromSeconds(seconds))));

        Assert.Contains($">{expected}</time>", html);
    }

    [Fact]
    public async Task AMissingTimestampIsUnknown()
    {
        var html = await Render<Age>(("Timestamp", null));

        Assert.Contains("&lt;unknown&gt;", html);
    }

    [Fact]
    public async Task ConditionsShowTypeStatusReasonAndToneFalseFailureIsGood()
    {
        var deployment = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "Available", ["status"] = "False", ["reason"] = "MinimumReplicasUnavailable", ["message"] = "not enough", ["lastTransitionTime"] = CachedObjects.Ago(TimeSpan.FromMinutes(5)) },
                    new JsonObject { ["type"] = "ReplicaFailure", ["status"] = "False" }),
            },
        };

        var html = await Render<ConditionsTable>(("Object", deployment));

        Assert.Contains("<th scope=\"row\">Available</th>", html);
        Assert.Contains("class=\"status-badge badge-degraded\"", html);
        Assert.Contains("MinimumReplicasUnavailable", html);
        Assert.Contains(">5m</time>", html);
        // ReplicaFailure=False is the good state.
        Assert.Contains("class=\"status-badge badge-healthy\"", html);
    }

    [Fact]
    public async Task NoConditionsSaysSo()
    {
        var html = await Render<ConditionsTable>(("Object", new JsonObject()));

        Assert.Contains("No conditions reported.", html);
    }

    [Fact]
    public async Task EventsTableShowsOnlyTheObjectsEventsNewestFirst()
    {
        var pod = new JsonObject { ["kind"] = "Pod", ["metadata"] = CachedObjects.Meta("shop", "web-1", TimeSpan.FromHours(1), uid: "u1") };
        _objects.Add(ResourceTypes.Event, Event("e1", "u1", "web-1", "Pulled", TimeSpan.FromMinutes(30)))
            .Add(ResourceTypes.Event, Event("e2", "u1", "web-1", "BackOff", TimeSpan.FromMinutes(2), "Warning"))
            .Add(ResourceTypes.Event, Event("e3", "old-uid", "web-1", "FromAnEarlierPod", TimeSpan.FromMinutes(1)));

        var html = await Render<EventsTable>(("Object", pod));

        Assert.Contains("BackOff", html);
        Assert.Contains("Pulled", html);
        Assert.DoesNotContain("FromAnEarlierPod", html);
        Assert.True(html.IndexOf("BackOff", StringComparison.Ordinal) < html.IndexOf("Pulled", StringComparison.Ordinal));
        Assert.Contains("<a href=\"/events?namespace=shop&amp;kind=Pod&amp;name=web-1\">All events of Pod web-1 on the events page</a>", html);
    }

    [Fact]
    public async Task NoEventsSaysSo()
    {
        var pod = new JsonObject { ["kind"] = "Pod", ["metadata"] = CachedObjects.Meta("shop", "web-1", TimeSpan.FromHours(1)) };

        var html = await Render<EventsTable>(("Object", pod));

        Assert.Contains("No events for this object.", html);
    }

    [Fact]
    public void YamlLeavesManagedFieldsOutAndKeepsStringsStrings()
    {
        var obj = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "c", ["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "kubectl" }) },
            ["data"] = new JsonObject { ["enabled"] = "true", ["port"] = "8080", ["script"] = "echo a\necho b\n", ["count"] = 3 },
        };

        var yaml = ObjectYaml.Format(obj);

        Assert.DoesNotContain("managedFields", yaml);
        Assert.Contains("kind: ConfigMap", yaml);
        Assert.Contains("enabled: 'true'", yaml);
        Assert.Contains("port: '8080'", yaml);
        Assert.Contains("count: 3", yaml);
        Assert.Contains("script: |", yaml);
        // The original is left as it was.
        Assert.NotNull(obj["metadata"]!["managedFields"]);
    }

    [Theory]
    [InlineData("apps/v1", "Deployment", "shop", "web", "/yaml/deployments/shop/web")]
    [InlineData("v1", "Node", null, "node-1", "/yaml/nodes/node-1")]
    [InlineData("v1", "ConfigMap", "shop", "settings", "/yaml/configmaps/shop/settings")]
    public async Task TheYamlViewLinksToTheObjectsYamlPageToEditIt(string apiVersion, string kind, string? ns, string name, string href)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null) metadata["namespace"] = ns;
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };

        var html = await Render<YamlView>(("Object", obj));

        Assert.Contains($"<a href=\"{href}\">Edit YAML</a>", html);
    }

    [Fact]
    public async Task AKindTheApiDoesNotServeHasNoEditLink()
    {
        var obj = new JsonObject { ["apiVersion"] = "example.com/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "w" } };

        var html = await Render<YamlView>(("Object", obj));

        Assert.Contains("<details class=\"yaml-view\">", html);
        Assert.DoesNotContain("Edit YAML", html);
    }

    [Fact]
    public async Task LabelsAreSortedChips()
    {
        var html = await Render<LabelChips>(("Values", new Dictionary<string, string> { ["tier"] = "web", ["app"] = "shop" }));

        Assert.Contains("<span class=\"chip-key\">app</span>=<span class=\"chip-value\">shop</span>", html);
        Assert.True(html.IndexOf("app", StringComparison.Ordinal) < html.IndexOf("tier", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OwnerLinksToTheOwnersPage()
    {
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["namespace"] = "shop",
                ["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "ReplicaSet", ["name"] = "web-7d9", ["controller"] = true }),
            },
        };

        var html = await Render<OwnerLink>(("Object", pod));

        Assert.Contains("<a href=\"/workloads/replicasets/shop/web-7d9\">web-7d9</a>", html);
        Assert.Contains("(controller)", html);
    }

    private static JsonObject Event(string name, string uid, string objectName, string reason, TimeSpan ago, string type = "Normal") => new()
    {
        ["metadata"] = CachedObjects.Meta("shop", name, ago),
        ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["name"] = objectName, ["namespace"] = "shop", ["uid"] = uid },
        ["reason"] = reason,
        ["type"] = type,
        ["message"] = reason + " happened",
        ["lastTimestamp"] = CachedObjects.Ago(ago),
    };
}
