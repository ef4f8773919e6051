using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.Api.Errors;
using Obs.Api.Resources;
using Obs.ApiServer.Auth.Rbac;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Auth;

/// <summary>
/// The reviews of what a user may do: <c>kubectl auth whoami</c> (authentication.k8s.io SelfSubjectReview),
/// <c>kubectl auth can-i</c> (authorization.k8s.io SelfSubjectAccessReview, with <c>--as</c> through
/// impersonation), <c>kubectl auth can-i --list</c> (SelfSubjectRulesReview), SubjectAccessReview, which
/// asks about any user (cluster-scoped; who may create one is RBAC's to say), and LocalSubjectAccessReview, the same
/// question confined to one namespace (what a namespace's <c>admin</c> may ask), answered by the RBAC authorizer; and
/// TokenReview, answered by the token authenticator. Nothing is stored.
/// </summary>
public static class SelfReviews
{
    // Before Types, which holds it: static fields are set in the order they are written.
    private static readonly ResourceType LocalAccessReview =
        new("authorization.k8s.io", "v1", "LocalSubjectAccessReview", "localsubjectaccessreviews", "", true, [], [], []);

    /// <summary>The resources as discovery lists them (<c>kubectl api-resources</c>): create only, cluster-scoped but the local review.</summary>
    public static readonly IReadOnlyList<ResourceType> Types =
    [
        new("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", "", false, [], [], []),
        new("authentication.k8s.io", "v1", "TokenReview", "tokenreviews", "", false, [], [], []),
        new("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", "", false, [], [], []),
        new("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", "", false, [], [], []),
        new("authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews", "", false, [], [], []),
        LocalAccessReview,
    ];


    /// <summary>A review is created and answered, never stored, so create is its one verb.</summary>
    public static IReadOnlyList<string> Verbs { get; } = ["create"];

    /// <summary>Whether <paramref name="path"/> (split on '/') is one of the review resources.</summary>
    public static bool Serves(string[] parts) => Kind(parts) is not null;

    public static async Task HandleAsync(HttpContext context, string[] parts, UserInfo user, RbacAuthorizer authorizer, TokenAuthenticator authenticator)
    {
        var kind = Kind(parts)!;
        var ns = parts.Length == 6 ? parts[4] : null;
        if (!HttpMethods.IsPost(context.Request.Method)) throw ApiErrors.MethodNotSupported(context.Request.Method.ToLowerInvariant(), parts[^1]);
        var body = await RequestBody.ReadBytesAsync(context.Request, context.RequestAborted);
        var spec = ReviewSpec.Read(context.Request.ContentType, body, kind);
        if (ns is not null) ValidateLocal(spec, ns);
        var review = new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = $"{parts[1]}/{parts[2]}",
            ["metadata"] = ns is null ? new JsonObject { ["creationTimestamp"] = null } : new JsonObject { ["namespace"] = ns, ["creationTimestamp"] = null },
        };
        if (spec is not null) review["spec"] = spec.DeepClone();
        review["status"] = kind switch
        {
            "SelfSubjectReview" => new JsonObject { ["userInfo"] = user.ToJson() },
            "TokenReview" => TokenStatus(authenticator, spec),
            "SelfSubjectAccessReview" => AccessStatus(authorizer, user, spec),
            "SubjectAccessReview" or "LocalSubjectAccessReview" => AccessStatus(authorizer, Subject(spec), spec),
            _ => RulesStatus(authorizer.RulesFor(user), spec?["namespace"]?.GetValue<string>() ?? ""),
        };
        await ResponseWriter.WriteJsonAsync(context, 201, review);
    }

    private static string? Kind(string[] parts) => parts switch
    {
        ["apis", var group, var version, var plural] => Types.FirstOrDefault(t => !t.Namespaced && t.Group == group && t.Version == version && t.Plural == plural)?.Kind,
        ["apis", var group, var version, "namespaces", var ns, var plural] when ns.Length > 0 =>
            Types.FirstOrDefault(t => t.Namespaced && t.Group == group && t.Version == version && t.Plural == plural)?.Kind,
        _ => null,
    };

    /// <summary>
    /// A LocalSubjectAccessReview asks about its own namespace only, as kube-apiserver validates it: the resource's
    /// namespace must be the review's, and non-resource URLs (which have no namespace) cannot be asked about.
    /// </summary>
    private static void ValidateLocal(JsonObject? spec, string ns)
    {
        var errors = new List<FieldError>();
        if (spec?["resourceAttributes"] is JsonObject r && Str(r, "namespace") != ns)
            errors.Add(FieldError.Invalid("spec.resourceAttributes.namespace", Str(r, "namespace"), "must match metadata.namespace"));
        if (spec?["nonResourceAttributes"] is JsonObject n)
            errors.Add(FieldError.Invalid("spec.nonResourceAttributes", n.ToJsonString(), "disallowed on this kind of request"));
        if (errors.Count > 0) throw ApiErrors.Invalid(LocalAccessReview, "", errors);
    }

    /// <summary>
    /// What a TokenReview answers (a webhook or proxy asking who holds a token, as <c>kube-rbac-proxy</c> does): the
    /// token's user and the asked audiences it is good for, or not authenticated with the reason.
    /// </summary>
    private static JsonObject TokenStatus(TokenAuthenticator authenticator, JsonObject? spec)
    {
        var token = spec?["token"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : "";
        if (token.Length == 0) throw ApiErrors.BadRequest("token is required for TokenReview in authentication");
        string[] audiences = spec?["audiences"] is JsonArray asked ? [.. asked.Select(a => a is JsonValue v && v.TryGetValue<string>(out var name) ? name : "").Where(a => a.Length > 0)] : [];
        if (authenticator.Review(token, audiences) is not var (user, meant))
        {
            return new JsonObject
            {
                ["user"] = new JsonObject(),
                ["error"] = audiences.Length == 0 ? "invalid bearer token" : $"invalid bearer token, or not meant for the audiences [{string.Join(" ", audiences)}]",
            };
        }
        return new JsonObject { ["authenticated"] = true, ["user"] = user.ToJson(), ["audiences"] = new JsonArray([.. meant.Select(a => (JsonNode)a)]) };
    }

    /// <summary>A SubjectAccessReview's user: its name, uid and groups as the spec gives them.</summary>
    private static UserInfo Subject(JsonObject? spec) => new(
        spec?["user"]?.GetValue<string>() ?? "",
        spec?["uid"]?.GetValue<string>() ?? "",
        spec?["groups"] is JsonArray groups ? [.. groups.Select(g => g?.GetValue<string>() ?? "").Where(g => g.Length > 0)] : []);

    private static JsonObject AccessStatus(RbacAuthorizer authorizer, UserInfo user, JsonObject? spec)
    {
        AccessRequest request;
        if (spec?["resourceAttributes"] is JsonObject r)
        {
            request = AccessRequest.ForResource(Str(r, "verb"), Str(r, "group"), Str(r, "resource"), Str(r, "subresource"), Str(r, "namespace"), Str(r, "name"));
        }
        else if (spec?["nonResourceAttributes"] is JsonObject n) request = AccessRequest.ForPath(Str(n, "verb"), Str(n, "path"));
        else throw ApiErrors.BadRequest("spec.resourceAttributes or spec.nonResourceAttributes is required");
        if (RbacAuthorizer.IsMaster(user)) return new JsonObject { ["allowed"] = true, ["reason"] = $"the user is in the group \"{RbacAuthorizer.Masters}\"" };
        return authorizer.Allows(user, request) ? new JsonObject { ["allowed"] = true, ["reason"] = "RBAC: allowed" } : new JsonObject { ["allowed"] = false };
    }

    /// <summary>What SelfSubjectRulesReview answers: every rule that applies in the namespace, resource and non-resource apart.</summary>
    private static JsonObject RulesStatus(SubjectRules rules, string ns)
    {
        var resourceRules = new JsonArray();
        var nonResourceRules = new JsonArray();
        foreach (var rule in rules.In(ns))
        {
            var json = rule.ToJson();
            if (rule.NonResourceUrls.Length > 0) nonResourceRules.Add(new JsonObject { ["verbs"] = json["verbs"]!.DeepClone(), ["nonResourceURLs"] = json["nonResourceURLs"]!.DeepClone() });
            if (rule.Resources.Length > 0) { json.Remove("nonResourceURLs"); resourceRules.Add(json); }
        }
        return new JsonObject { ["resourceRules"] = resourceRules, ["nonResourceRules"] = nonResourceRules, ["incomplete"] = false };
    }

    private static string Str(JsonObject o, string field) => o[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
