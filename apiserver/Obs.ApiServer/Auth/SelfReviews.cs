using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.Api.Resources;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Auth;

/// <summary>
/// The reviews a client asks about itself: <c>kubectl auth whoami</c> (authentication.k8s.io
/// SelfSubjectReview), <c>kubectl auth can-i</c> (authorization.k8s.io SelfSubjectAccessReview) and
/// <c>kubectl auth can-i --list</c> (SelfSubjectRulesReview). Obs does not authorize requests yet:
/// every authenticated token may do everything, and the answers say exactly that. Nothing is stored.
/// </summary>
public static class SelfReviews
{
    private const string Reason = "Obs does not authorize requests yet: every authenticated user may do everything";

    /// <summary>The three resources as discovery lists them (<c>kubectl api-resources</c>): cluster-scoped, create only.</summary>
    public static readonly IReadOnlyList<ResourceType> Types =
    [
        new("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", "", false, [], [], []),
        new("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", "", false, [], [], []),
        new("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", "", false, [], [], []),
    ];

    /// <summary>A review is created and answered, never stored, so create is its one verb.</summary>
    public static IReadOnlyList<string> Verbs { get; } = ["create"];

    /// <summary>Whether <paramref name="path"/> (split on '/') is one of the three review resources.</summary>
    public static bool Serves(string[] parts) => Kind(parts) is not null;

    public static async Task HandleAsync(HttpContext context, string[] parts, UserInfo user)
    {
        var kind = Kind(parts)!;
        if (!HttpMethods.IsPost(context.Request.Method)) throw ApiErrors.MethodNotSupported(context.Request.Method.ToLowerInvariant(), parts[^1]);
        var body = await RequestBody.ReadBytesAsync(context.Request, context.RequestAborted);
        // kubectl may send the review as protobuf; only its spec would be read, and the answer does not depend on it.
        var spec = context.Request.ContentType?.StartsWith(MediaTypes.Json, StringComparison.Ordinal) == true
            ? RequestBody.AsObject(RequestBody.ParseJson(body))["spec"]?.DeepClone()
            : null;
        var review = new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = $"{parts[1]}/{parts[2]}",
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
        };
        if (spec is not null) review["spec"] = spec;
        review["status"] = kind switch
        {
            "SelfSubjectReview" => new JsonObject { ["userInfo"] = UserInfoObject(user) },
            "SelfSubjectAccessReview" => new JsonObject { ["allowed"] = true, ["reason"] = Reason },
            _ => new JsonObject
            {
                ["resourceRules"] = new JsonArray(new JsonObject { ["verbs"] = Star(), ["apiGroups"] = Star(), ["resources"] = Star() }),
                ["nonResourceRules"] = new JsonArray(new JsonObject { ["verbs"] = Star(), ["nonResourceURLs"] = Star() }),
                ["incomplete"] = false,
            },
        };
        await ResponseWriter.WriteJsonAsync(context, 201, review);
    }

    private static string? Kind(string[] parts) => parts is ["apis", var group, var version, var plural]
        ? Types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural)?.Kind
        : null;

    /// <summary>The user as Kubernetes reports it: every authenticated user is also in <c>system:authenticated</c>.</summary>
    private static JsonObject UserInfoObject(UserInfo user)
    {
        var groups = user.Groups.Contains("system:authenticated") ? user.Groups : [.. user.Groups, "system:authenticated"];
        var info = new JsonObject { ["username"] = user.Name };
        if (user.Uid.Length > 0) info["uid"] = user.Uid;
        info["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)g)]);
        return info;
    }

    private static JsonArray Star() => new("*");
}
