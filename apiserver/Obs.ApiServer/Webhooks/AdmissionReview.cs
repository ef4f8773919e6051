using System.Text.Json.Nodes;
using Obs.Api.Conversion;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.ApiServer.Webhooks;

/// <summary>
/// admission.k8s.io/v1 AdmissionReview: the request a webhook is sent (<see cref="Request"/>) and what it answers
/// (<see cref="ParseResponse"/>). The object is sent in <paramref name="sentAs"/>'s version, which differs from the
/// request's when the webhook matched an equivalent version; a subresource's object of its own kind as it is.
/// </summary>
public static class AdmissionReview
{
    public const string ApiVersion = "admission.k8s.io/v1";

    public static JsonObject Request(string uid, AdmissionAttributes request, ResourceType sentAs, Auth.UserInfo? user)
    {
        var review = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = request.ObjectKind?.ToJson() ?? Kind(sentAs),
            ["resource"] = Resource(sentAs),
        };
        if (request.Subresource is { } sub) review["subResource"] = sub;
        review["requestKind"] = request.ObjectKind?.ToJson() ?? Kind(request.Served);
        review["requestResource"] = Resource(request.Served);
        if (request.Subresource is { } requestSub) review["requestSubResource"] = requestSub;
        if (request.Name.Length > 0) review["name"] = request.Name;
        if (request.Namespace.Length > 0) review["namespace"] = request.Namespace;
        review["operation"] = request.Operation;
        review["userInfo"] = UserInfo(user);
        // A subresource's own kind (a Scale, an Eviction) is the same whichever version of the resource was matched.
        var version = request.ObjectKind is null ? sentAs : request.Type;
        if (request.Object is { } obj) review["object"] = In(version, obj);
        if (request.OldObject is { } old) review["oldObject"] = In(version, old);
        review["dryRun"] = request.DryRun;
        if (request.Options is { } options) review["options"] = options.DeepClone();
        return new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = "AdmissionReview", ["request"] = review };
    }

    /// <summary>An object of the stored version as <paramref name="version"/> shows it (a copy either way).</summary>
    public static JsonObject In(ResourceType version, JsonObject obj) =>
        version.StoredAs is null ? obj.DeepClone().AsObject() : VersionConversion.FromStorage(version, obj.DeepClone().AsObject());

    /// <summary>
    /// The webhook's answer; throws <see cref="WebhookCallException"/> for one that is not a v1 AdmissionReview
    /// answering this request (another uid), as kube-apiserver refuses it.
    /// </summary>
    public static AdmissionResponse ParseResponse(JsonNode? body, string uid)
    {
        if (body is not JsonObject review || review.StringAt("apiVersion") != ApiVersion || review.StringAt("kind") != "AdmissionReview")
            throw new WebhookCallException($"expected webhook response of {ApiVersion}, Kind=AdmissionReview, got {Describe(body)}");
        if (review["response"] is not JsonObject response) throw new WebhookCallException("webhook response was absent");
        if (response.StringAt("uid") != uid) throw new WebhookCallException($"expected response.uid=\"{uid}\", got \"{response.StringAt("uid")}\"");
        var patchType = response.StringAt("patchType");
        JsonNode? patch = null;
        if (response.StringAt("patch") is { Length: > 0 } encoded)
        {
            if (patchType != "JSONPatch") throw new WebhookCallException($"webhook returned a patch with patchType \"{patchType}\": only JSONPatch is supported");
            try { patch = JsonNode.Parse(Convert.FromBase64String(encoded)); }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException) { throw new WebhookCallException("webhook returned a patch that is not base64-encoded JSON: " + e.Message); }
        }
        var warnings = (response["warnings"] as JsonArray ?? []).Select(w => w is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToArray();
        return new AdmissionResponse(response.BoolAt("allowed") ?? false, response["status"] as JsonObject, patch, warnings);
    }

    private static string Describe(JsonNode? body) =>
        body is JsonObject o ? $"{o.StringAt("apiVersion") ?? ""}, Kind={o.StringAt("kind") ?? ""}" : "a body that is no object";

    private static JsonObject Kind(ResourceType type) => new() { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };

    private static JsonObject Resource(ResourceType type) => new() { ["group"] = type.Group, ["version"] = type.Version, ["resource"] = type.Plural };

    private static JsonObject UserInfo(Auth.UserInfo? user) =>
        user?.ToJson() ?? new JsonObject { ["username"] = "system:apiserver", ["groups"] = new JsonArray("system:masters") };
}

/// <summary>A webhook's answer: whether the write may go ahead, why not, a JSON patch to apply and warnings for the client.</summary>
public sealed record AdmissionResponse(bool Allowed, JsonObject? Status, JsonNode? Patch, IReadOnlyList<string> Warnings);
