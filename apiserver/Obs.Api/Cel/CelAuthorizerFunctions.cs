namespace Obs.Api.Cel;

/// <summary>
/// Kubernetes' authorizer library: <c>authorizer.group(g).resource(r).subresource(s).namespace(n).name(x).check(verb)</c>,
/// <c>authorizer.path(p).check(verb)</c>, <c>authorizer.serviceAccount(ns, name)</c>, <c>authorizer.requestResource</c>,
/// and the decision's <c>allowed()</c>, <c>reason()</c>, <c>errored()</c> and <c>error()</c>. The answers come from the
/// <see cref="CelAuthorizer"/> bound to the expression.
/// </summary>
internal static class CelAuthorizerFunctions
{
    public static readonly string[] MemberNames =
        ["group", "resource", "subresource", "namespace", "name", "check", "path", "serviceAccount", "allowed", "reason", "errored", "error"];

    public static object? CallMember(string name, object?[] a) => (name, a) switch
    {
        ("group", [CelAuthorizer authorizer, string group]) => new CelGroupCheck(authorizer, group),
        ("path", [CelAuthorizer authorizer, string path]) => new CelPathCheck(authorizer, path),
        ("serviceAccount", [CelAuthorizer authorizer, string ns, string account]) => authorizer.ServiceAccount(ns, account),
        ("resource", [CelGroupCheck group, string resource]) => new CelResourceCheck(group.Authorizer, group.Group, resource),
        ("subresource", [CelResourceCheck check, string subresource]) => check with { Subresource = subresource },
        ("namespace", [CelResourceCheck check, string ns]) => check with { Namespace = ns },
        ("name", [CelResourceCheck check, string objectName]) => check with { Name = objectName },
        ("check", [CelResourceCheck check, string verb]) => check.Check(Verb(verb)),
        ("check", [CelPathCheck check, string verb]) => check.Check(Verb(verb)),
        ("allowed", [CelAuthorizationDecision decision]) => decision.Allowed,
        ("reason", [CelAuthorizationDecision decision]) => decision.Reason,
        ("errored", [CelAuthorizationDecision decision]) => decision.Error.Length > 0,
        ("error", [CelAuthorizationDecision decision]) => decision.Error,
        _ => CelFunctions.NoMatch,
    };

    private static string Verb(string verb) =>
        verb.Length > 0 ? verb : throw new CelEvaluationException("authorization check requires a non-empty verb");
}
