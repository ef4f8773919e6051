using System.Text.RegularExpressions;
using Obs.ServiceProxy.Ingress;

namespace Obs.ServiceProxy.Tests.Ingress;

/// <summary>ingress-nginx's rewrite-target: the capture groups of the matched path placed into the target.</summary>
public sealed class IngressRewriteTests
{
    private static readonly Regex Something = new("^(?:/something(/|$)(.*))", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking);

    private static string Rewrite(string target, string path)
    {
        var (rewritten, query) = IngressRewrite.Apply(target, Something.Match(path));
        return query is null ? rewritten : rewritten + "?" + query;
    }

    [Theory]
    [InlineData("/something", "/")]
    [InlineData("/something/", "/")]
    [InlineData("/something/new", "/new")]
    [InlineData("/something/new/deeper", "/new/deeper")]
    [InlineData("/SOMETHING/Case", "/Case")]
    public void TheSecondGroupBecomesThePath(string path, string expected) => Assert.Equal(expected, Rewrite("/$2", path));

    [Fact]
    public void BracedGroupsMissingGroupsAndOtherDollarsAreReadAsNginxDoes()
    {
        Assert.Equal("/v2/new", Rewrite("/v2/${2}", "/something/new"));
        // Group 7 does not exist: empty, as an unset capture is in nginx.
        Assert.Equal("/x/", Rewrite("/x/$7", "/something/new"));
        // Not a group reference: kept.
        Assert.Equal("/$host/new", Rewrite("/$host/$2", "/something/new"));
        Assert.Equal("/a$", Rewrite("/a$", "/something"));
    }

    [Fact]
    public void ATargetWithoutLeadingSlashStillGivesAnAbsolutePath() => Assert.Equal("/new", Rewrite("$2", "/something/new"));

    [Fact]
    public void ATargetWithAQuerySplitsIntoPathAndQuery()
    {
        var result = IngressRewrite.Apply("/search?q=$2", Something.Match("/something/cats"));
        Assert.Equal(new IngressRewrite.Result("/search", "q=cats"), result);
    }

    [Fact]
    public void WithoutARegularExpressionTheTargetReplacesThePathAndGroupsAreEmpty() =>
        Assert.Equal(new IngressRewrite.Result("/", null), IngressRewrite.Apply("/$1", null));
}
