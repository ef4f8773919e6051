using Obs.ServiceProxy.Ingress;

namespace Obs.ServiceProxy.Tests.Ingress;

public sealed class IngressHostsTests
{
    [Theory]
    [InlineData("foo.bar.com", "foo.bar.com", true)]
    [InlineData("foo.bar.com", "FOO.bar.com", true)]
    [InlineData("foo.bar.com", "bar.com", false)]
    [InlineData("*.foo.com", "bar.foo.com", true)]
    [InlineData("*.foo.com", "baz.bar.foo.com", false)]
    [InlineData("*.foo.com", "foo.com", false)]
    [InlineData("*.foo.com", "xfoo.com", false)]
    public void WildcardsCoverExactlyOneLabel(string pattern, string host, bool matches) =>
        Assert.Equal(matches, IngressHosts.Matches(pattern, host));

    [Theory]
    [InlineData("Example.COM:8443", "example.com")]
    [InlineData("example.com", "example.com")]
    [InlineData("example.com.", "example.com")]
    [InlineData("[::1]:80", "[::1]")]
    [InlineData(null, "")]
    public void TheRequestHostLosesItsPortAndCase(string? header, string host) => Assert.Equal(host, IngressHosts.FromHeader(header));
}
