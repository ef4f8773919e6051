using Obs.Api.Serialization;

namespace Obs.Api.Tests.Serialization;

public sealed class YamlToJsonTests
{
    [Theory]
    [InlineData("a: 1", """{"a":1}""")]
    [InlineData("a: -7", """{"a":-7}""")]
    [InlineData("a: 1.5", """{"a":1.5}""")]
    [InlineData("a: true", """{"a":true}""")]
    [InlineData("a: yes", """{"a":true}""")]
    [InlineData("a: off", """{"a":false}""")]
    [InlineData("a: ~", """{"a":null}""")]
    [InlineData("a:", """{"a":null}""")]
    [InlineData("a: \"yes\"", """{"a":"yes"}""")]
    [InlineData("a: '1'", """{"a":"1"}""")]
    [InlineData("a: !!str 1", """{"a":"1"}""")]
    [InlineData("a: 100m", """{"a":"100m"}""")]
    [InlineData("a: 1.2.3", """{"a":"1.2.3"}""")]
    [InlineData("a: 0x1f", """{"a":31}""")]
    [InlineData("a: [1, b]", """{"a":[1,"b"]}""")]
    [InlineData("a: |\n  line\n", """{"a":"line\n"}""")]
    public void ScalarsAreTypedAsKubernetesTypesThem(string yaml, string json) =>
        Assert.Equal(json, YamlToJson.Parse(yaml)!.ToJsonString());

    [Fact]
    public void NestedMappingsAndSequencesKeepTheirShape()
    {
        var node = YamlToJson.Parse("""
            spec:
              containers:
              - name: app
                ports:
                - containerPort: 80
            """)!;
        Assert.Equal(80, node["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"]!.GetValue<long>());
    }

    [Fact]
    public void ADuplicateKeyIsAnErrorNamingIt()
    {
        var e = Assert.Throws<FormatException>(() => YamlToJson.Parse("a: 1\na: 2\n"));
        Assert.Contains("line 2", e.Message);
        Assert.Contains("Duplicate key", e.Message);
    }

    [Fact]
    public void MalformedYamlNamesTheLine()
    {
        var e = Assert.Throws<FormatException>(() => YamlToJson.Parse("a: b: c\n"));
        Assert.Contains("line 1", e.Message);
        Assert.Throws<FormatException>(() => YamlToJson.Parse("a: [1\nb: 2\n"));
    }

    [Fact]
    public void SeveralDocumentsAreRefused() =>
        Assert.Throws<FormatException>(() => YamlToJson.Parse("a: 1\n---\nb: 2\n"));

    [Fact]
    public void AnEmptyDocumentIsNull() => Assert.Null(YamlToJson.Parse(""));
}
