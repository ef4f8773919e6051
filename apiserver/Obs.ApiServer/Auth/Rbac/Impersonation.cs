using Microsoft.AspNetCore.Http;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Auth.Rbac;

/// <summary>
/// The <c>Impersonate-User</c>, <c>Impersonate-Group</c> and <c>Impersonate-Uid</c> headers (<c>kubectl --as</c>,
/// <c>--as-group</c>): the request runs as the user they name, once the caller is allowed the verb
/// <c>impersonate</c> on that user (<c>users</c>, or <c>serviceaccounts</c> in its namespace for a service
/// account), on each group (<c>groups</c>) and on the uid (<c>uids</c>), as Kubernetes checks them.
/// </summary>
public static class Impersonation
{
    private const string UserHeader = "Impersonate-User";
    private const string GroupHeader = "Impersonate-Group";
    private const string UidHeader = "Impersonate-Uid";
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    /// <summary>The user the request acts as: the caller, or whom it impersonates. Throws 403 when it may not.</summary>
    public static UserInfo Apply(HttpRequest request, UserInfo caller, RbacAuthorizer authorizer)
    {
        var name = request.Headers[UserHeader].ToString();
        if (name.Length == 0)
        {
            if (request.Headers.ContainsKey(GroupHeader) || request.Headers.ContainsKey(UidHeader))
                throw ApiErrors.BadRequest("requested impersonation of groups or a uid without impersonating a user");
            return caller;
        }
        var groups = request.Headers[GroupHeader].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
        var uid = request.Headers[UidHeader].ToString();
        var checks = new List<AccessRequest>();
        if (name.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal) && name[ServiceAccountPrefix.Length..].Split(':') is [var ns, var account])
        {
            checks.Add(AccessRequest.ForResource("impersonate", "", "serviceaccounts", "", ns, account));
            if (groups.Count == 0) groups = ["system:serviceaccounts", $"system:serviceaccounts:{ns}"];
        }
        else checks.Add(AccessRequest.ForResource("impersonate", "", "users", "", "", name));
        checks.AddRange(request.Headers[GroupHeader].Where(g => !string.IsNullOrEmpty(g)).Select(g => AccessRequest.ForResource("impersonate", "", "groups", "", "", g!)));
        if (uid.Length > 0) checks.Add(AccessRequest.ForResource("impersonate", "authentication.k8s.io", "uids", "", "", uid));
        foreach (var check in checks)
        {
            if (!authorizer.Allows(caller, check)) throw ForbiddenError.For(caller, check);
        }
        if (name != RbacAuthorizer.Anonymous && !groups.Contains(RbacAuthorizer.Authenticated)) groups.Add(RbacAuthorizer.Authenticated);
        return new UserInfo(name, uid, groups);
    }
}
