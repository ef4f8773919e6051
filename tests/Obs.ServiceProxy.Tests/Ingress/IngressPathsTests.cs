using Obs.ServiceProxy.Ingress;

namespace Obs.ServiceProxy.Tests.Ingress;

/// <summary>The path matching table of the Kubernetes Ingress documentation, case by case.</summary>
public sealed class IngressPathsTests
{
    [Theory]
    [InlineData("Prefix", "/", "/", true)]
    [InlineData("Prefix", "/", "/anything/at/all", true)]
    [InlineData("Exact", "/foo", "/foo", true)]
    [InlineData("Exact", "/foo", "/bar", false)]
    [InlineData("Exact", "/foo", "/foo/", false)]
    [InlineData("Exact", "/foo/", "/foo", false)]
    [InlineData("Prefix", "/foo", "/foo", true)]
    [InlineData("Prefix", "/foo", "/foo/", true)]
    [InlineData("Prefix", "/foo/", "/foo", true)]
    [InlineData("Prefix", "/foo/", "/foo/", true)]
    [InlineData("Prefix", "/aaa/bb", "/aaa/bbb", false)]
    [InlineData("Prefix", "/aaa/bbb", "/aaa/bbb", true)]
    [InlineData("Prefix", "/aaa/bbb/", "/aaa/bbb", true)]
    [InlineData("Prefix", "/aaa/bbb", "/aaa/bbb/", true)]
    [InlineData("Prefix", "/aaa/bbb", "/aaa/bbb/ccc", true)]
    [InlineData("Prefix", "/aaa/bbb", "/aaa/bbbxyz", false)]
    [InlineData("Prefix", "/foo", "/FOO", false)]
    [InlineData("ImplementationSpecific", "/foo", "/foo/bar", true)]
    [InlineData("ImplementationSpecific", "", "/anything", true)]
    public void MatchesAsTheSpecSays(string pathType, string rulePath, string requestPath, bool matches)
    {
        var type = IngressPaths.ParseType(pathType)!.Value;

        Assert.Equal(matches, IngressPaths.Matches(type, IngressPaths.Normalize(rulePath, type), requestPath));
    }

    [Fact]
    public void UnknownPathTypesAreNotServed() => Assert.Null(IngressPaths.ParseType("Regex"));
}
