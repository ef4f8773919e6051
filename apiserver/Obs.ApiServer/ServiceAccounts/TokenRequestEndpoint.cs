using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.Api.Errors;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Http;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.ServiceAccounts;

/// <summary>
/// <c>POST serviceaccounts/{name}/token</c> with an authentication.k8s.io/v1 <c>TokenRequest</c>:
/// what <c>kubectl create token</c> and the node agent send. Answers 201 with the request, its
/// <c>status.token</c> and <c>status.expirationTimestamp</c> filled in.
/// </summary>
public sealed class TokenRequestEndpoint(ObjectRegistry registry, ServiceAccountJwt jwt, ServiceAccountOptions options, TimeProvider time)
{
    private const string ApiVersion = "authentication.k8s.io/v1";
    private const long MinSeconds = 600;
    private const long MaxSeconds = 1L << 32;

    public async Task CreateAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        var request = await ObjectBodies.ReadAsync(context, ApiVersion, "TokenRequest", query);
        var ns = info.Namespace!;
        var name = info.Name!;
        var spec = request["spec"] as JsonObject ?? [];
        var (audiences, seconds, bound) = Validate(spec, name);
        var account = await registry.GetAsync(ResourceTypes.ServiceAccount, ns, name, context.RequestAborted);
        var pod = bound is null ? null : await BoundPodAsync(ns, name, bound, context.RequestAborted);

        var now = time.GetUtcNow();
        var expires = now.AddSeconds(seconds);
        var claims = new ServiceAccountClaims(options.Issuer, audiences, ns, name, ObjectMeta.Uid(account) ?? "", now, expires, pod);
        var response = new JsonObject
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = "TokenRequest",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = Timestamps.Format(now) },
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray(audiences.Select(a => (JsonNode)a).ToArray()),
                ["expirationSeconds"] = seconds,
                ["boundObjectRef"] = bound?.DeepClone(),
            },
            ["status"] = new JsonObject { ["token"] = jwt.Encode(claims), ["expirationTimestamp"] = Timestamps.Format(expires) },
        };
        await ResponseWriter.WriteJsonAsync(context, 201, response);
    }

    /// <summary>The audiences (the apiserver's own when none), lifetime and bound object the spec asks for; every error at once.</summary>
    private (List<string> Audiences, long Seconds, JsonObject? Bound) Validate(JsonObject spec, string name)
    {
        var errors = new List<FieldError>();
        var audiences = new List<string>();
        switch (spec["audiences"])
        {
            case null: break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0) audiences.Add(v.GetValue<string>());
                    else errors.Add(FieldError.Invalid($"spec.audiences[{i}]", list[i]?.ToJsonString(), "must be a non-empty string"));
                }
                break;
            default:
                errors.Add(FieldError.Invalid("spec.audiences", spec["audiences"]!.ToJsonString(), "must be a list of strings"));
                break;
        }
        if (audiences.Count == 0) audiences.Add(options.Issuer);

        var seconds = (long)options.DefaultExpiration.TotalSeconds;
        if (spec["expirationSeconds"] is { } given)
        {
            if (given is not JsonValue value || !value.TryGetValue<long>(out seconds))
                errors.Add(FieldError.Invalid("spec.expirationSeconds", given.ToJsonString(), "must be an integer"));
            else if (seconds < MinSeconds)
                errors.Add(FieldError.Invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 10 minutes"));
            else if (seconds > MaxSeconds)
                errors.Add(FieldError.Invalid("spec.expirationSeconds", seconds, "may not specify a duration larger than 2^32 seconds"));
        }

        var bound = spec["boundObjectRef"] as JsonObject;
        if (spec["boundObjectRef"] is { } notObject and not JsonObject)
            errors.Add(FieldError.Invalid("spec.boundObjectRef", notObject.ToJsonString(), "must be an object"));
        if (bound is not null)
        {
            if (bound.StringAt("kind") is not { } kind) errors.Add(FieldError.Required("spec.boundObjectRef.kind"));
            else if (kind != "Pod") errors.Add(FieldError.NotSupported("spec.boundObjectRef.kind", kind, ["Pod"]));
            if (bound.StringAt("apiVersion") is { } version && version != "v1")
                errors.Add(FieldError.NotSupported("spec.boundObjectRef.apiVersion", version, ["v1"]));
            if (bound.StringAt("name") is not { Length: > 0 }) errors.Add(FieldError.Required("spec.boundObjectRef.name"));
        }
        if (errors.Count > 0) throw ApiErrors.Invalid(TokenRequestType, name, errors);
        return (audiences, seconds, bound);
    }

    /// <summary>The pod a token is bound to: it must exist, be the one the reference's uid names, and run as this service account.</summary>
    private async Task<BoundPod> BoundPodAsync(string ns, string account, JsonObject bound, CancellationToken cancellationToken)
    {
        var podName = bound.StringAt("name")!;
        var pod = await registry.GetAsync(ResourceTypes.Pod, ns, podName, cancellationToken);
        var uid = ObjectMeta.Uid(pod) ?? "";
        if (bound.StringAt("uid") is { Length: > 0 } wanted && wanted != uid)
            throw ApiErrors.Conflict(ResourceTypes.Pod, podName,
                $"the UID in the bound object reference ({wanted}) does not match the UID in record. The object might have been deleted and then recreated");
        var runsAs = pod.StringAt("spec", "serviceAccountName") is { Length: > 0 } sa ? sa : "default";
        if (runsAs != account)
            throw ApiErrors.BadRequest($"cannot bind token for serviceaccount \"{account}\" to pod running with different serviceaccount name.");
        return new BoundPod(podName, uid);
    }

    /// <summary>What Invalid statuses name, as Kubernetes does: <c>TokenRequest.authentication.k8s.io "default" is invalid</c>.</summary>
    private static readonly ResourceType TokenRequestType =
        new("authentication.k8s.io", "v1", "TokenRequest", "tokenrequests", "tokenrequest", true, [], [], []);
}
