using Obs.Api.Cel;

namespace Obs.Api.Tests.Cel;

/// <summary>The authorizer library over an authorizer that records what it is asked and allows reads only (RBAC answers it in the apiserver).</summary>
public sealed class CelAuthorizerFunctionsTests
{
    private readonly List<(string Principal, CelAuthorizationCheck Check)> _asked = [];

    private CelAuthorizer As(string principal) => new(check =>
    {
        _asked.Add((principal, check));
        return new CelAuthorizationDecision(check.Verb is "get" or "list", check.Verb == "get" ? "reads are fine" : "");
    }, (ns, name) => As($"{ns}/{name}"));

    private object? Eval(string expression)
    {
        var authorizer = As("alice").WithRequestResource("apps", "deployments", "scale", "web", "front");
        return CelProgram.Compile(expression, CelProgram.Untyped("authorizer"), mustBeBool: false)
            .Evaluate(new Dictionary<string, object?> { ["authorizer"] = authorizer });
    }

    [Fact]
    public void AResourceCheckCarriesEveryPartToTheAuthorizer()
    {
        Assert.Equal(true, Eval("authorizer.group('apps').resource('deployments').subresource('status').namespace('web').name('front').check('get').allowed()"));

        var (principal, check) = Assert.Single(_asked);
        Assert.Equal("alice", principal);
        Assert.Equal(new CelAuthorizationCheck("get", true, "apps", "deployments", "status", "web", "front", ""), check);
    }

    [Fact]
    public void RequestResourcePathsServiceAccountsAndDecisions()
    {
        Assert.Equal(false, Eval("authorizer.requestResource.check('update').allowed()"));
        Assert.Equal(new CelAuthorizationCheck("update", true, "apps", "deployments", "scale", "web", "front", ""), _asked[^1].Check);
        Assert.Equal(true, Eval("authorizer.path('/healthz').check('get').allowed()"));
        Assert.Equal("/healthz", _asked[^1].Check.Path);
        Assert.Equal(true, Eval("authorizer.serviceAccount('ns', 'robot').group('').resource('pods').check('list').allowed()"));
        Assert.Equal("ns/robot", _asked[^1].Principal);
        Assert.Equal("reads are fine", Eval("authorizer.group('').resource('pods').check('get').reason()"));
        Assert.Equal(false, Eval("authorizer.group('').resource('pods').check('get').errored()"));
        Assert.Throws<CelEvaluationException>(() => Eval("authorizer.group('').resource('pods').check('')"));
    }
}
