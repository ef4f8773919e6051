using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.ApiServer.ServiceAccounts;

/// <summary>
/// Service account tokens as compact JWS (ES256) with the claims Kubernetes writes: iss, sub, aud,
/// exp, iat, nbf, jti and the private <c>kubernetes.io</c> claim naming the namespace, the service
/// account and the bound pod. Programs that decode Kubernetes tokens read ours the same way.
/// </summary>
public sealed class ServiceAccountJwt(ServiceAccountSigningKey key)
{
    public string Encode(ServiceAccountClaims claims)
    {
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = key.KeyId };
        var identity = new JsonObject { ["namespace"] = claims.Namespace };
        if (claims.Pod is { } pod) identity["pod"] = new JsonObject { ["name"] = pod.Name, ["uid"] = pod.Uid };
        identity["serviceaccount"] = new JsonObject { ["name"] = claims.ServiceAccountName, ["uid"] = claims.ServiceAccountUid };
        var payload = new JsonObject
        {
            ["aud"] = new JsonArray(claims.Audiences.Select(a => (JsonNode)a).ToArray()),
            ["exp"] = claims.Expires.ToUnixTimeSeconds(),
            ["iat"] = claims.IssuedAt.ToUnixTimeSeconds(),
            ["iss"] = claims.Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = identity,
            ["nbf"] = claims.IssuedAt.ToUnixTimeSeconds(),
            ["sub"] = claims.Subject,
        };
        var input = $"{Part(header)}.{Part(payload)}";
        return $"{input}.{Base64Url.EncodeToString(key.Sign(Encoding.ASCII.GetBytes(input)))}";
    }

    /// <summary>The claims of a token this key signed, or null when it is not one (malformed, other key, bad signature).</summary>
    public ServiceAccountClaims? Decode(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        try
        {
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0])) as JsonObject;
            if (header is null || Text(header, "alg") != "ES256" || Text(header, "kid") != key.KeyId) return null;
            if (!key.Verify(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]))) return null;
            if (JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) is not JsonObject payload) return null;
            if (payload["kubernetes.io"] is not JsonObject identity || identity["serviceaccount"] is not JsonObject account) return null;
            BoundPod? pod = null;
            if (identity["pod"] is JsonObject p)
            {
                if (Text(p, "name") is not { } podName || Text(p, "uid") is not { } podUid) return null;
                pod = new BoundPod(podName, podUid);
            }
            var audiences = payload["aud"] switch
            {
                JsonArray list => list.Select(a => a?.GetValueKind() == JsonValueKind.String ? a.GetValue<string>() : "").ToList(),
                JsonValue one when one.GetValueKind() == JsonValueKind.String => [one.GetValue<string>()],
                _ => [],
            };
            if (Text(payload, "iss") is not { } issuer || Text(identity, "namespace") is not { } ns ||
                Text(account, "name") is not { } name || Text(account, "uid") is not { } uid ||
                Seconds(payload, "iat") is not { } issued || Seconds(payload, "exp") is not { } expires) return null;
            return new ServiceAccountClaims(issuer, audiences, ns, name, uid, issued, expires, pod);
        }
        // Whatever is wrong with a presented token, it simply does not authenticate.
        catch (Exception e) when (e is FormatException or JsonException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static DateTimeOffset? Seconds(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<long>(out var s) ? DateTimeOffset.FromUnixTimeSeconds(s) : null;

    private static string Part(JsonObject json) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(json));
}
