using System.Text.Json.Nodes;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Auth.Rbac;

/// <summary>The 403 Status of a refused request, in the words kube-apiserver uses (kubectl prints them as they are).</summary>
public static class ForbiddenError
{
    public static ApiException For(UserInfo user, AccessRequest request)
    {
        if (!request.IsResource)
            return new ApiException(403, "Forbidden", $"forbidden: User \"{user.Name}\" cannot {request.Verb} path \"{request.Path}\"", new JsonObject());
        var groupResource = request.ApiGroup.Length == 0 ? request.Resource : $"{request.Resource}.{request.ApiGroup}";
        var what = request.Name.Length > 0 ? $"{groupResource} \"{request.Name}\"" : groupResource;
        var scope = request.Namespace.Length > 0 ? $"in the namespace \"{request.Namespace}\"" : "at the cluster scope";
        var message = $"{what} is forbidden: User \"{user.Name}\" cannot {request.Verb} resource \"{request.ResourceWithSubresource}\" in API group \"{request.ApiGroup}\" {scope}";
        var details = new JsonObject();
        if (request.Name.Length > 0) details["name"] = request.Name;
        if (request.ApiGroup.Length > 0) details["group"] = request.ApiGroup;
        details["kind"] = request.Resource;
        return new ApiException(403, "Forbidden", message, details);
    }
}
