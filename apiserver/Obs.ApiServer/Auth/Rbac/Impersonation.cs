using Microsoft.AspNetCore.Http;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Auth.Rbac;

/// <summary>
/// The <c>Impersonate-User</c>, <c>Impersonate-Group</c>, <c>Impersonate-Uid</c> and <c>Impersonate-Extra-KEY</c>
/// headers (<c>kubectl --as</c>, <c>--as-group</c>, <c>--as-uid</c>): the request runs as the user they name, once the
/// caller is allowed the verb <c>impersonate</c> on that user (<c>users</c>, or <c>serviceaccounts</c> in its namespace
/// for a service account), on each group (<c>groups</c>), on the uid (<c>uids</c>) and on each extra value
/// (<c>userextras/KEY</c> named by the value), as Kubernetes checks them.
/// </summary>
public static class Impersonation
{
    private const string UserHeader = "Impersonate-User";
    private const string GroupHeader = "Impersonate-Group";
    private const string UidHeader = "Impersonate-Uid";
    private const string ExtraHeaderPrefix = "Impersonate-Extra-";
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    /// <summary>The user the request acts as: the caller, or whom it impersonates. Throws 403 when it may not.</summary>
    public static UserInfo Apply(HttpRequest request, UserInfo caller, RbacAuthorizer authorizer)
    {
        var name = request.Headers[UserHeader].ToString();
        var extra = Extra(request.Headers);
        if (name.Length == 0)
        {
            if (request.Headers.ContainsKey(GroupHeader) || request.Headers.ContainsKey(UidHeader) || extra.Count > 0)
                throw ApiErrors.BadRequest("requested impersonation of groups, a uid or extra without impersonating a user");
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
        foreach (var (key, values) in extra)
            checks.AddRange(values.Select(v => AccessRequest.ForResource("impersonate", "authentication.k8s.io", "userextras", key, "", v)));
        foreach (var check in checks)
        {
            if (!authorizer.Allows(caller, check)) throw ForbiddenError.For(caller, check);
        }
        if (name != RbacAuthorizer.Anonymous && !groups.Contains(RbacAuthorizer.Authenticated)) groups.Add(RbacAuthorizer.Authenticated);
        return new UserInfo(name, uid, groups) { Extra = extra };
    }

    /// <summary>The extra of <c>Impersonate-Extra-KEY</c> headers: the key lower-cased and percent-decoded, as Kubernetes reads it.</summary>
    private static Dictionary<string, IReadOnlyList<string>> Extra(IHeaderDictionary headers)
    {
        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (header, values) in headers)
        {
            if (!header.StartsWith(ExtraHeaderPrefix, StringComparison.OrdinalIgnoreCase) || header.Length == ExtraHeaderPrefix.Length) continue;
            var key = Uri.UnescapeDataString(header[ExtraHeaderPrefix.Length..].ToLowerInvariant());
            extra[key] = [.. values.Where(v => v is not null).Select(v => v!)];
        }
        return extra;
    }
}
