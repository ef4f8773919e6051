using System.Text;
using Obs.ApiServer.Cache;
using static Obs.ApiServer.Tests.Storage.StoredText;

namespace Obs.ApiServer.Tests.Cache;

public sealed class JsonPathReaderTests
{
    private static string? Read(string json, params string[] path) => JsonPathReader.String(Encoding.UTF8.GetBytes(json), path);

    [Fact]
    public void FindsAStringPastSiblingsOfEveryKind()
    {
        const string json = """
            {"spec":{"containers":[{"name":"a","labels":{"app":"wrong"}}],"n":1},"list":[1,[2,{"x":"y"}]],"flag":true,"none":null,
             "metadata":{"annotations":{"app":"wrong"},"name":"p","labels":{"tier":"web","app":"right \"quoted\" \u00e9"}}}
            """;
        Assert.Equal("right \"quoted\" é", Read(json, "metadata", "labels", "app"));
        Assert.Equal("p", Read(json, "metadata", "name"));
    }

    [Theory]
    [InlineData("""{"metadata":{"labels":{"other":"x"}}}""")]
    [InlineData("""{"metadata":{"labels":{"app":7}}}""")]
    [InlineData("""{"metadata":{"labels":{"app":null}}}""")]
    [InlineData("""{"metadata":{"labels":{"app":{"nested":"x"}}}}""")]
    [InlineData("""{"metadata":{"labels":null}}""")]
    [InlineData("""{"metadata":{"labels":["app"]}}""")]
    [InlineData("""{"metadata":"app"}""")]
    [InlineData("""{"labels":{"app":"top-level is not metadata"}}""")]
    [InlineData("""[{"metadata":{"labels":{"app":"x"}}}]""")]
    [InlineData("""{}""")]
    public void IsNullWhenThePathDoesNotEndAtAString(string json) => Assert.Null(Read(json, "metadata", "labels", "app"));

    [Fact]
    public void ACachedObjectReadsItsLabelsAndMetadataInPlace()
    {
        var obj = CachedObject.FromStored(new("pods", "ns", "p"), 9,
            Stored("""{"kind":"Pod","metadata":{"name":"p","uid":"u-1","deletionTimestamp":"2026-01-01T00:00:00Z","labels":{"app":"web"}},"lastTimestamp":"2026-01-02T00:00:00Z"}"""));
        Assert.Equal("web", obj.Label("app"));
        Assert.Null(obj.Label("tier"));
        Assert.Equal("u-1", obj.MetadataString("uid"));
        Assert.Equal("2026-01-01T00:00:00Z", obj.MetadataString("deletionTimestamp"));
        Assert.Equal("9", obj.MetadataString("resourceVersion"));
        Assert.Equal("2026-01-02T00:00:00Z", obj.StringAt("lastTimestamp"));
        Assert.Null(obj.StringAt("metadata", "labels"));
    }

    [Fact]
    public void RawValueIsTheValuesBytesAsTheyStand()
    {
        var json = Encoding.UTF8.GetBytes("""{"kind":"Pod","metadata":{ "name" : "p\u00e9", "labels":{"a":[1, {"b":null}]} },"n": 12.50 ,"s":"x\"y"}""");

        Assert.Equal("""{ "name" : "p\u00e9", "labels":{"a":[1, {"b":null}]} }""", Encoding.UTF8.GetString(JsonPathReader.RawValue(json, "metadata")));
        Assert.Equal("""[1, {"b":null}]""", Encoding.UTF8.GetString(JsonPathReader.RawValue(json, "metadata", "labels", "a")));
        Assert.Equal("12.50", Encoding.UTF8.GetString(JsonPathReader.RawValue(json, "n")));
        Assert.Equal("\"x\\\"y\"", Encoding.UTF8.GetString(JsonPathReader.RawValue(json, "s")));
        Assert.True(JsonPathReader.RawValue(json, "spec").IsEmpty);
        Assert.True(JsonPathReader.RawValue(json, "kind", "x").IsEmpty);
    }
}
