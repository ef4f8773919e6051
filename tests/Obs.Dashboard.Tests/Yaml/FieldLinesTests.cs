using Obs.Dashboard.Yaml;

namespace Obs.Dashboard.Tests.Yaml;

public sealed class FieldLinesTests
{
    [Theory]
    [InlineData("metadata.labels[app]", "metadata.labels.app")]
    [InlineData("spec.containers[0].image", "spec.containers[0].image")]
    [InlineData("data[a.b]", "data.a.b")]
    public void BracketedKeysAreReadAsMapKeysAndIndexesStay(string field, string normalized)
    {
        Assert.Equal(normalized, FieldLines.Normalize(field));
    }
}
