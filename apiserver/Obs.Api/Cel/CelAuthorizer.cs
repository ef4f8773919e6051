namespace Obs.Api.Cel;

/// <summary>
/// The value of Kubernetes' <c>authorizer</c> variable: answers authorization checks for one principal (the requesting
/// user, or the service account <c>serviceAccount(ns, name)</c> named). The caller supplies both answers, so the CEL
/// library knows nothing of RBAC: <paramref name="check"/> decides a check for this principal, and
/// <paramref name="serviceAccount"/> gives the authorizer of a service account.
/// <see cref="RequestResource"/> is <c>authorizer.requestResource</c>: a check prefilled with the admitted request's
/// group, resource, subresource, namespace and name.
/// </summary>
public sealed class CelAuthorizer(Func<CelAuthorizationCheck, CelAuthorizationDecision> check, Func<string, string, CelAuthorizer> serviceAccount) : ICelFields
{
    public CelResourceCheck? RequestResource { get; init; }

    public CelAuthorizationDecision Check(CelAuthorizationCheck request) => check(request);

    public CelAuthorizer ServiceAccount(string ns, string name) => serviceAccount(ns, name);

    /// <summary>A copy whose <c>requestResource</c> is a check on the given resource.</summary>
    public CelAuthorizer WithRequestResource(string group, string resource, string subresource, string ns, string name) =>
        new(check, serviceAccount) { RequestResource = new CelResourceCheck(this, group, resource, subresource, ns, name) };

    bool ICelFields.TryGetField(string field, out object? value)
    {
        value = field == "requestResource" ? RequestResource : null;
        return value is not null;
    }
}

/// <summary>One question put to the authorizer: a verb on a resource (<see cref="IsResource"/>) or on a non-resource path.</summary>
public sealed record CelAuthorizationCheck(string Verb, bool IsResource, string Group, string Resource, string Subresource, string Namespace, string Name, string Path);

/// <summary>
/// The answer to a check, with Kubernetes' accessors: <c>allowed()</c>, <c>reason()</c>, <c>errored()</c>, <c>error()</c>.
/// </summary>
public sealed record CelAuthorizationDecision(bool Allowed, string Reason, string Error = "");

/// <summary><c>authorizer.group(g)</c>: a check being built, with its API group.</summary>
public sealed record CelGroupCheck(CelAuthorizer Authorizer, string Group);

/// <summary><c>….resource(r)</c> and what narrows it (<c>subresource</c>, <c>namespace</c>, <c>name</c>); empty means any or cluster scope.</summary>
public sealed record CelResourceCheck(CelAuthorizer Authorizer, string Group, string Resource, string Subresource = "", string Namespace = "", string Name = "")
{
    public CelAuthorizationDecision Check(string verb) => Authorizer.Check(new CelAuthorizationCheck(verb, true, Group, Resource, Subresource, Namespace, Name, ""));
}

/// <summary><c>authorizer.path(p)</c>: a check on a non-resource URL such as <c>/healthz</c>.</summary>
public sealed record CelPathCheck(CelAuthorizer Authorizer, string Path)
{
    public CelAuthorizationDecision Check(string verb) => Authorizer.Check(new CelAuthorizationCheck(verb, false, "", "", "", "", "", Path));
}
