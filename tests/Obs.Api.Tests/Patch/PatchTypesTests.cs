using Obs.Api.Patch;

namespace Obs.Api.Tests.Patch;

public sealed class PatchTypesTests
{
    [Theory]
    [InlineData("application/json-patch+json", PatchType.Json)]
    [InlineData("application/merge-patch+json", PatchType.Merge)]
    [InlineData("application/strategic-merge-patch+json", PatchType.StrategicMerge)]
    [InlineData("application/apply-patch+yaml", PatchType.Apply)]
    [InlineData("application/merge-patch+json; charset=utf-8", PatchType.Merge)]
    [InlineData(" Application/Strategic-Merge-Patch+JSON ;charset=UTF-8", PatchType.StrategicMerge)]
    public void KnownMediaTypesParse(string contentType, PatchType expected)
    {
        Assert.True(PatchTypes.TryParse(contentType, out var type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/json")]
    [InlineData("application/yaml")]
    [InlineData("application/merge-patch+jsonx")]
    [InlineData("text/plain; application/merge-patch+json")]
    public void OtherMediaTypesAreRefused(string? contentType)
    {
        Assert.False(PatchTypes.TryParse(contentType, out _));
    }

    [Fact]
    public void MediaTypeRoundTrips()
    {
        foreach (var type in Enum.GetValues<PatchType>())
        {
            Assert.True(PatchTypes.TryParse(type.MediaType(), out var parsed));
            Assert.Equal(type, parsed);
        }
        Assert.Equal("application/apply-patch+yaml", PatchType.Apply.MediaType());
    }
}
