using Microsoft.AspNetCore.Http;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Auth.Rbac;

/// <summary>
/// Authentication and RBAC of a request, the steps in Kubernetes' order: the bearer token (401 without a valid one),
/// impersonation, then the rules (403 in Kubernetes' words). The resource dispatcher and the routes it does not
/// serve (the on-call receiver, metrics.k8s.io) all go through it.
/// </summary>
public static class EndpointAuthorization
{
    /// <summary>
    /// The user the request acts as, once RBAC allows it what a request for <paramref name="path"/> asks (read, as
    /// RBAC reads it, only for users outside system:masters, who may do everything).
    /// </summary>
    public static UserInfo Authorize(HttpRequest request, TokenAuthenticator authenticator, RbacAuthorizer authorizer, string path, bool watch)
    {
        var caller = authenticator.Authenticate(request.Headers.Authorization.ToString()) ?? throw ApiErrors.Unauthorized();
        var user = Impersonation.Apply(request, caller, authorizer);
        if (RbacAuthorizer.IsMaster(user)) return user;
        var asked = AccessRequest.FromHttp(path, request.Method, watch);
        return authorizer.Allows(user, asked) ? user : throw ForbiddenError.For(user, asked);
    }
}
