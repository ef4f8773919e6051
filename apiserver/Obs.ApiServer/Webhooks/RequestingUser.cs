using Microsoft.AspNetCore.Http;
using Obs.ApiServer.Auth;
using Obs.ApiServer.Auth.Rbac;

namespace Obs.ApiServer.Webhooks;

/// <summary>
/// Who a write's request acts as, for the review's userInfo. The dispatcher keeps no user on the request for
/// system:masters (nothing else needs it, and every request would pay for it), so theirs is derived again from the
/// request's token and impersonation headers: only when a webhook is actually called.
/// </summary>
public sealed class RequestingUser(TokenAuthenticator authenticator, RbacAuthorizer authorizer)
{
    public UserInfo? Of(HttpContext? context)
    {
        if (context is null) return null;
        if (RequestUser.Get(context) is { } user) return user;
        var caller = authenticator.Authenticate(context.Request.Headers.Authorization.ToString());
        return caller is null ? null : Impersonation.Apply(context.Request, caller, authorizer);
    }
}
