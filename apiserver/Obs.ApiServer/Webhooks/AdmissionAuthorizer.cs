using Obs.Api.Cel;
using Obs.ApiServer.Auth;
using Obs.ApiServer.Auth.Rbac;

namespace Obs.ApiServer.Webhooks;

/// <summary>
/// The CEL <c>authorizer</c> of admission expressions (policies' rules, webhooks' matchConditions), answered by Obs's RBAC
/// authorizer for the requesting user, or for the service account <c>authorizer.serviceAccount(ns, name)</c> names. The
/// apiserver's own writes (no user) act as system:masters. RBAC gives no reason for its decisions here, and never errs.
/// </summary>
public sealed class AdmissionAuthorizer(RbacAuthorizer rbac)
{
    private static readonly UserInfo ApiServer = new("system:apiserver", "", [RbacAuthorizer.Masters]);

    /// <summary>The authorizer for <paramref name="user"/>, its <c>requestResource</c> the request's own resource.</summary>
    public CelAuthorizer For(UserInfo? user, AdmissionAttributes request)
    {
        var resource = request.Served;
        return For(user ?? ApiServer).WithRequestResource(resource.Group, resource.Plural, request.Subresource ?? "", request.Namespace, request.Name);
    }

    private CelAuthorizer For(UserInfo user) => new(check => Decide(user, check), (ns, name) => For(ServiceAccount(ns, name)));

    private CelAuthorizationDecision Decide(UserInfo user, CelAuthorizationCheck check)
    {
        var request = check.IsResource
            ? AccessRequest.ForResource(check.Verb, check.Group, check.Resource, check.Subresource, check.Namespace, check.Name)
            : AccessRequest.ForPath(check.Verb, check.Path);
        return new CelAuthorizationDecision(rbac.Allows(user, request), "");
    }

    private static UserInfo ServiceAccount(string ns, string name) =>
        new($"system:serviceaccount:{ns}:{name}", "", ["system:serviceaccounts", $"system:serviceaccounts:{ns}"]);
}
