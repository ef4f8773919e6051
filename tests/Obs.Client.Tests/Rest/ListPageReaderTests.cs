using System.Text;
using System.Text.Json;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Client.Tests.Fakes;

namespace Obs.Client.Tests.Rest;

/// <summary>How a LIST answer is read item by item from its stream, however the stream splits it.</summary>
public sealed class ListPageReaderTests
{
    private const string Page = """
        {"kind":"ConfigMapList","apiVersion":"v1",
         "metadata":{"resourceVersion":"42","continue":"next-page","remainingItemCount":7},
         "items":[
           {"metadata":{"name":"a","annotations":{"text":"} ] { [ \" \\"}},"data":{"list":"[1,2]"}},
           {"kind":"Other","apiVersion":"x/v1","metadata":{"name":"b"},"nested":[[{}],[[]],{"n":[1.5e3,true,null]}]}
         ]}
        """;

    private static Task<ObjectList> ReadAsync(string body, int readSize) =>
        ListPageReader.ReadAsync(new TricklingStream(Encoding.UTF8.GetBytes(body), readSize), ResourceTypes.ConfigMap, CancellationToken.None);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1 << 20)]
    public async Task ItemsAndMetadataAreReadWhereverTheStreamSplits(int readSize)
    {
        var list = await ReadAsync(Page, readSize);

        Assert.Equal(["a", "b"], list.Items.Select(i => ObjectMeta.Name(i)));
        Assert.Equal("} ] { [ \" \\", list.Items[0].StringAt("metadata", "annotations", "text"));
        Assert.Equal("[1,2]", list.Items[0].StringAt("data", "list"));
        Assert.Equal("""{"n":[1.5e3,true,null]}""", list.Items[1]["nested"]![2]!.ToJsonString());
        // Items get the list's kind and apiVersion when they carry none, as watch objects do.
        Assert.Equal(("ConfigMap", "v1"), (list.Items[0].StringAt("kind"), list.Items[0].StringAt("apiVersion")));
        Assert.Equal(("Other", "x/v1"), (list.Items[1].StringAt("kind"), list.Items[1].StringAt("apiVersion")));
        Assert.All(list.Items, i => Assert.Null(i.Parent));
        Assert.Equal(("42", "next-page", 7L), (list.ResourceVersion, list.Continue, list.RemainingItemCount));
    }

    [Fact]
    public async Task MetadataAfterTheItemsIsRead()
    {
        var list = await ReadAsync("""{"items":[{"metadata":{"name":"a"}}],"metadata":{"resourceVersion":"9","continue":""}}""", 5);

        Assert.Equal(["a"], list.Items.Select(i => ObjectMeta.Name(i)));
        Assert.Equal(("9", null, null), (list.ResourceVersion, list.Continue, list.RemainingItemCount));
    }

    [Fact]
    public async Task AnItemLargerThanTheReadBufferIsReadWhole()
    {
        var large = new string('x', 200_000);
        var list = await ReadAsync($$$"""{"metadata":{"resourceVersion":"1"},"items":[{"metadata":{"name":"small"}},{"metadata":{"name":"large"},"data":{"v":"{{{large}}}"}},{"metadata":{"name":"after"}}]}""", 4096);

        Assert.Equal(["small", "large", "after"], list.Items.Select(i => ObjectMeta.Name(i)));
        Assert.Equal(large, list.Items[1].StringAt("data", "v"));
    }

    [Fact]
    public async Task ItemsThatAreNotObjectsAndNullItemsAreLeftOut()
    {
        Assert.Equal(["a"], (await ReadAsync("""{"items":[1,"s",null,[],{"metadata":{"name":"a"}}]}""", 2)).Items.Select(i => ObjectMeta.Name(i)));
        Assert.Empty((await ReadAsync("""{"metadata":{"resourceVersion":"3"},"items":null}""", 2)).Items);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"list\"")]
    public async Task AnAnswerThatIsNotAnObjectIsRefused(string body)
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(body, 3));
    }

    [Theory]
    [InlineData("")]
    [InlineData("""{"metadata":{"resourceVersion":"3"},"items":[{"metadata":{"name":"a"}},{"meta""")]
    public async Task AnEmptyOrTruncatedAnswerIsAnError(string body)
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => ReadAsync(body, 4));
    }
}
