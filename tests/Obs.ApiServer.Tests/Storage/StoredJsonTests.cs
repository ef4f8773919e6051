using System.Text;
using System.Text.Json.Nodes;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Tests.Storage;

/// <summary>
/// The stored form of a write (<see cref="StoredJson.Serialize"/>) and the cached form made from it by inserting the
/// revision (<see cref="CachedObject.FromStored"/>): byte for byte what the string serializer stored and what parsing the
/// stored JSON back gives, which is what a watch on another apiserver, or on this one after a restart, is sent.
/// </summary>
public sealed class StoredJsonTests
{
    private static readonly ObjectKey Key = new("pods", "default", "p");

    public static TheoryData<string> Objects => new()
    {
        """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default","resourceVersion":"12","labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""",
        // Non-ASCII, escapes and HTML-sensitive characters, raw and escaped in the request.
        """{"metadata":{"name":"p","annotations":{"note":"café 日本 😀 \u00e9 <b>&'+` \"q\" \\ \/ \t\u0001"}},"data":{"ü":"\u2028"}}""",
        // Numbers keep the request's spelling; nulls, empty containers, a resourceVersion first.
        """{"metadata":{"resourceVersion":"3","name":"p","deletionGracePeriodSeconds":0,"finalizers":[]},"n":[1.0,1e3,-0,12345678901234567890,0.1],"x":null,"o":{}}""",
        """{"kind":"Pod","metadata":{}}""",
        """{"kind":"Pod","metadata":{"resourceVersion":"5"}}""",
        """{"metadata":{"name":"p"}}""",
        // No metadata object: the cached form adds one, the long way.
        """{"kind":"Pod"}""",
        """{"kind":"Pod","metadata":null}""",
        """{"kind":"Pod","metadata":"x"}""",
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void TheStoredFormIsWhatTheStringSerializerWroteWithoutTheResourceVersion(string request)
    {
        var expected = JsonNode.Parse(request)!.AsObject();
        var obj = JsonNode.Parse(request)!.AsObject();

        var stored = StoredJson.Serialize(obj);

        var rv = (expected["metadata"] as JsonObject)?["resourceVersion"];
        (expected["metadata"] as JsonObject)?.Remove("resourceVersion");
        Assert.Equal(expected.ToJsonString(), Encoding.UTF8.GetString(stored.Utf8));
        // The object itself keeps its resourceVersion, moved to the end of its metadata, as responses have always had it.
        if (rv is not null) (expected["metadata"] as JsonObject)!["resourceVersion"] = rv.DeepClone();
        Assert.Equal(expected.ToJsonString(), obj.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void TheCachedFormOfAWriteMadeHereIsTheCachedFormOfItsStoredJsonReadBack(string request)
    {
        var stored = StoredJson.Serialize(JsonNode.Parse(request)!.AsObject());
        var readBack = new StoredJson(stored.Utf8);

        foreach (var revision in new long[] { 1, 42, long.MaxValue })
            Assert.Equal(Encoding.UTF8.GetString(CachedObject.FromStored(Key, revision, readBack).ToJson()), Encoding.UTF8.GetString(CachedObject.FromStored(Key, revision, stored).ToJson()));
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void TheStoredFormWithItsRevisionIsTheObjectWithItsResourceVersionSerialized(string request)
    {
        var obj = JsonNode.Parse(request)!.AsObject();
        var stored = StoredJson.Serialize(obj);
        // Only JSON with a metadata object knows where to put the revision; a create of any other answers the long way.
        if (stored.MetadataEnd == StoredJson.Unknown) return;

        foreach (var revision in new long[] { 1, 42, long.MaxValue })
        {
            CachedObject.SetResourceVersion(obj, revision);
            var response = new byte[stored.LengthWithResourceVersion(revision)];
            stored.CopyWithResourceVersion(revision, response);
            Assert.Equal(obj.ToJsonString(), Encoding.UTF8.GetString(response));
            Assert.Equal(response, CachedObject.FromStored(Key, revision, stored).ToJson());
        }
    }

    [Fact]
    public void AWriteAfterAVeryLargeOneIsStoredWhole()
    {
        var large = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "big" }, ["data"] = new JsonObject { ["k"] = new string('é', 400_000) } };
        var small = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "small" } };

        var first = StoredJson.Serialize(large);
        var second = StoredJson.Serialize(small);

        Assert.Equal(large.ToJsonString(), Encoding.UTF8.GetString(first.Utf8));
        Assert.Equal("""{"metadata":{"name":"small"}}""", Encoding.UTF8.GetString(second.Utf8));
        Assert.Equal(CachedObject.FromStored(Key, 7, new StoredJson(first.Utf8)).ToJson(), CachedObject.FromStored(Key, 7, first).ToJson());
    }
}
