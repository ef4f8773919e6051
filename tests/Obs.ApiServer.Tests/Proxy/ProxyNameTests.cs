using Obs.ApiServer.Proxy;

namespace Obs.ApiServer.Tests.Proxy;

public sealed class ProxyNameTests
{
    [Theory]
    [InlineData("web", "", "web", "")]
    [InlineData("web:8000", "", "web", "8000")]
    [InlineData("web:http", "", "web", "http")]
    [InlineData("https:web:8443", "https", "web", "8443")]
    [InlineData("http:web:", "http", "web", "")]
    [InlineData("https:web:", "https", "web", "")]
    public void NamePortAndSchemeSplitAsKubernetesSplitsThem(string id, string scheme, string name, string port) =>
        Assert.Equal(new ProxyName(scheme, name, port), ProxyName.Parse(id));

    [Theory]
    [InlineData("")]
    [InlineData(":8000")]
    [InlineData("ftp:web:21")]
    [InlineData("https:web:1:2")]
    public void AnEmptyNameAnUnknownSchemeOrTooManyPartsIsNoName(string id) => Assert.Null(ProxyName.Parse(id));

    [Fact]
    public void NoSchemeMeansHttp()
    {
        Assert.Equal("http", ProxyName.Parse("web:80")!.TargetScheme);
        Assert.Equal("https", ProxyName.Parse("https:web:443")!.TargetScheme);
    }
}
