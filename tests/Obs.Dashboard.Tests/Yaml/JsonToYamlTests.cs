using System.Text.Json.Nodes;
using Obs.Api.Serialization;
using Obs.Dashboard.Yaml;

namespace Obs.Dashboard.Tests.Yaml;

public sealed class JsonToYamlTests
{
    [Fact]
    public void StringsThatLookLikeOtherTypesAreQuotedAndEverythingRoundTrips()
    {
        var obj = new JsonObject
        {
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "x", ["labels"] = new JsonObject(), ["resourceVersion"] = "42" },
            ["data"] = new JsonObject { ["a"] = "true", ["b"] = "null", ["c"] = "1.5", ["d"] = "line one\nline two\n", ["e"] = "key: value", ["f"] = "" },
            ["spec"] = new JsonObject { ["replicas"] = 3, ["paused"] = false, ["ports"] = new JsonArray(80, 443), ["none"] = null },
        };

        var yaml = JsonToYaml.Write(obj);

        Assert.Contains("resourceVersion: \"42\"", yaml);
        Assert.Contains("replicas: 3", yaml);
        Assert.Contains("kind: ConfigMap", yaml);
        Assert.Equal(obj.ToJsonString(), YamlToJson.Parse(yaml)!.ToJsonString());
    }
}
