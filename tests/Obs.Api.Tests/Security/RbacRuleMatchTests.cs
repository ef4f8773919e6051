using System.Text.Json.Nodes;
using Obs.Api.Security;

namespace Obs.Api.Tests.Security;

public class RbacRuleMatchTests
{
    [Theory]
    [InlineData("pods", "pods", "", true)]
    [InlineData("pods", "pods", "log", false)]
    [InlineData("pods/log", "pods", "log", true)]
    [InlineData("pods/log", "pods", "", false)]
    [InlineData("pods/log", "pod", "slog", false)]
    [InlineData("pods/*", "pods", "exec", true)]
    [InlineData("pods/*", "pods", "", false)]
    [InlineData("pods/*", "services", "proxy", false)]
    [InlineData("*/scale", "deployments", "scale", true)]
    [InlineData("*/scale", "deployments", "", false)]
    [InlineData("*/scale", "deployments", "status", false)]
    [InlineData("*", "deployments", "status", true)]
    [InlineData("*", "deployments", "", true)]
    public void ResourcesAreReadAsRbacReadsThem(string rule, string resource, string subresource, bool covered) =>
        Assert.Equal(covered, RbacRuleMatch.CoversResource([rule], resource, subresource));

    [Theory]
    [InlineData("/healthz", "/healthz", true)]
    [InlineData("/healthz", "/healthz/ready", false)]
    [InlineData("/alerting/v1/*", "/alerting/v1/alerts", true)]
    [InlineData("/alerting/v1/*", "/alerting/v2", false)]
    [InlineData("*", "/anything", true)]
    public void NonResourceUrlsEndingInAStarArePrefixes(string url, string path, bool covered) =>
        Assert.Equal(covered, RbacRuleMatch.CoversPath([url], path));

    [Fact]
    public void TheCoreGroupIsTheEmptyStringAndAStarIsEveryGroup()
    {
        Assert.True(RbacRuleMatch.Has([""], ""));
        Assert.False(RbacRuleMatch.Has([""], "apps"));
        Assert.True(RbacRuleMatch.Has(["*"], "apps"));
    }

    [Fact]
    public void ARuleLimitedToNamesGrantsOnlyThoseNamesAndNoUnnamedRequest()
    {
        Assert.True(RbacRuleMatch.CoversName([], null));
        Assert.True(RbacRuleMatch.CoversName(["a"], "a"));
        Assert.False(RbacRuleMatch.CoversName(["a"], "b"));
        Assert.False(RbacRuleMatch.CoversName(["a"], ""));
    }

    [Fact]
    public void StringsKeepTheEmptyGroupAndSkipWhatIsNotAString() =>
        Assert.Equal(["", "apps"], RbacRuleMatch.Strings(JsonNode.Parse("""["", 3, "apps", null]""")));
}
