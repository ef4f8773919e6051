using System.Text.Json.Nodes;
using Obs.ServiceProxy.Ingress;

namespace Obs.ServiceProxy.Tests.Ingress;

/// <summary>Which annotations of users' manifests the proxy reads, and which one wins.</summary>
public sealed class IngressAnnotationsTests
{
    private static IngressAnnotations Of(params (string Name, string Value)[] annotations) => IngressAnnotations.Of(new JsonObject
    {
        ["metadata"] = new JsonObject { ["annotations"] = new JsonObject([.. annotations.Select(a => KeyValuePair.Create(a.Name, (JsonNode?)a.Value))]) },
    });

    [Fact]
    public void SslRedirectIsOnUnlessEitherAnnotationTurnsItOff()
    {
        Assert.True(Of().SslRedirect);
        Assert.False(Of(("obs.dev/ssl-redirect", "false")).SslRedirect);
        Assert.False(Of(("nginx.ingress.kubernetes.io/ssl-redirect", "false")).SslRedirect);
        Assert.False(Of(("nginx.ingress.kubernetes.io/ssl-redirect", "0")).SslRedirect);
        // Obs's own annotation wins where both are set.
        Assert.True(Of(("obs.dev/ssl-redirect", "true"), ("nginx.ingress.kubernetes.io/ssl-redirect", "false")).SslRedirect);
        // Unreadable values are not a "false".
        Assert.True(Of(("obs.dev/ssl-redirect", "no")).SslRedirect);
    }

    [Fact]
    public void PathsAreRegularExpressionsWithUseRegexOrWhenTheyAreRewritten()
    {
        Assert.True(Of(("nginx.ingress.kubernetes.io/use-regex", "true")).IsRegex("/app"));
        Assert.True(Of(("nginx.ingress.kubernetes.io/rewrite-target", "/$1")).IsRegex("/app/(.*)"));
        Assert.True(Of(("nginx.ingress.kubernetes.io/rewrite-target", "/")).IsRegex("/app"));
        Assert.False(Of().IsRegex("/app"));
        Assert.Equal("/$1", Of(("nginx.ingress.kubernetes.io/rewrite-target", " /$1 ")).RewriteTarget);
    }

    [Fact]
    public void APathThatIsItsOwnTargetIsNotRewritten()
    {
        var annotations = Of(("nginx.ingress.kubernetes.io/rewrite-target", "/"));
        Assert.Equal("/", annotations.RewriteFor("/app"));
        Assert.Null(annotations.RewriteFor("/"));
        Assert.False(annotations.IsRegex("/"));
        Assert.Null(Of().RewriteFor("/app"));
    }
}
