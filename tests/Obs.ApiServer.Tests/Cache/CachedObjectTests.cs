using System.Text;
using System.Text.Json.Nodes;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Storage;
using static Obs.ApiServer.Tests.Storage.StoredText;

namespace Obs.ApiServer.Tests.Cache;

public sealed class CachedObjectTests
{
    private static readonly ObjectKey Key = new("configmaps", "default", "a");

    private static JsonObject Parsed(CachedObject obj) => JsonNode.Parse(Encoding.UTF8.GetString(obj.ToJson()))!.AsObject();

    [Fact]
    public void TheStoredResourceVersionIsReplacedByTheRevisionAndEverythingElseKept()
    {
        const string stored = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"3","labels":{"x":"1"}},"data":{"k":"v \"quoted\" \u00e9"}}""";
        var obj = CachedObject.FromStored(Key, 42, Stored(stored));

        var json = Parsed(obj);
        Assert.Equal("42", json["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("1", json["metadata"]!["labels"]!["x"]!.GetValue<string>());
        Assert.Equal("v \"quoted\" é", json["data"]!["k"]!.GetValue<string>());
        Assert.Equal(["apiVersion", "kind", "metadata", "data"], json.Select(p => p.Key));
        Assert.Single(Encoding.UTF8.GetString(obj.ToJson()).Split("resourceVersion").Skip(1));
        Assert.Equal("42", obj.Parsed().GetProperty("metadata").GetProperty("resourceVersion").GetString());
    }

    [Theory]
    [InlineData("""{"kind":"ConfigMap"}""")]
    [InlineData("""{"kind":"ConfigMap","metadata":null}""")]
    public void AMissingOrMalformedMetadataBecomesOneWithTheResourceVersion(string stored)
    {
        var json = Parsed(CachedObject.FromStored(Key, 7, Stored(stored)));
        Assert.Equal("""{"resourceVersion":"7"}""", json["metadata"]!.ToJsonString());
        Assert.Equal("ConfigMap", json["kind"]!.GetValue<string>());
    }
}
