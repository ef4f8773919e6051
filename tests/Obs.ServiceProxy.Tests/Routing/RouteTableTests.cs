using Obs.ServiceProxy.Routing;

namespace Obs.ServiceProxy.Tests.Routing;

public sealed class RouteTableTests
{
    [Theory]
    [InlineData("/api/users/42", "/api/users/{id}")]
    [InlineData("/API/Users/42/", "/api/users/{id}")]
    [InlineData("/healthz", "/healthz")]
    [InlineData("/static/css/site.css", "/static/{**path}")]
    [InlineData("/static", "/static/{**path}")]
    [InlineData("/", "/")]
    [InlineData("/api/users", null)]
    [InlineData("/api/users/42/orders", null)]
    [InlineData("/other", null)]
    public void PathsMatchTheFirstDeclaredTemplate(string path, string? route)
    {
        var table = RouteTable.Parse("/api/users/{id}, /healthz,/static/{**path}, /")!;
        Assert.Equal(route, table.Match(path));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("no-slash, {bad}")]
    public void AnnotationWithoutValidTemplatesGivesNoTable(string? annotation) => Assert.Null(RouteTable.Parse(annotation));

    [Fact]
    public void InvalidTemplatesAreLeftOutAndDuplicatesKeptOnce()
    {
        var table = RouteTable.Parse("/a/{*rest}/b, /a/x{y}, /ok, /ok")!;
        Assert.Equal(["/ok"], table.Templates.Select(t => t.Text));
    }
}
