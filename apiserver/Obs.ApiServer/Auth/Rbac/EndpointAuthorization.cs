using Microsoft.AspNetCore.Http;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Auth.Rbac;

/// <summary>
/// Authentication and RBAC for the apiserver's routes that are not served by the resource dispatcher (the
/// on-call receiver, metrics.k8s.io): the same steps in the same order as every other request: the bearer
/// token (401 without a valid one), impersonation, then the rules (403 in Kubernetes' words).
/// </summary>
public static class EndpointAuthorization
{
    /// <summary>The user the request acts as, once RBAC allows it what <paramref name="access"/> reads from the request.</summary>
    public static UserInfo Authorize(HttpRequest request, TokenAuthenticator authenticator, RbacAuthorizer authorizer, Func<AccessRequest> access)
    {
        var caller = authenticator.Authenticate(request.Headers.Authorization.ToString()) ?? throw ApiErrors.Unauthorized();
        var user = Impersonation.Apply(request, caller, authorizer);
        if (RbacAuthorizer.IsMaster(user)) return user;
        var asked = access();
        return authorizer.Allows(user, asked) ? user : throw ForbiddenError.For(user, asked);
    }
}
