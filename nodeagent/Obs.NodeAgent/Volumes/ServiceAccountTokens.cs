using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.NodeAgent.Volumes;

/// <summary>
/// The tokens the agent requests for its pods through the TokenRequest API, bound to the pod (so
/// they stop working when it is gone), kept per pod, audience and lifetime, and requested again
/// once 80 % of a token's lifetime has passed, as the kubelet does. Whether a pod whose spec does
/// not say gets its token automounted is its service account's choice, read through
/// <paramref name="accounts"/> (by default a <see cref="ServiceAccountCache"/> over the client), so
/// a burst of pod starts reads each account once.
/// </summary>
public sealed class ServiceAccountTokens(ApiClient client, TimeProvider time, ServiceAccountCache? accounts = null)
{
    public const long DefaultExpirationSeconds = 3600;

    /// <summary>How long "no token for this pod" is believed: pods are synced far more often than that, each sync would otherwise ask.</summary>
    private static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<(string PodUid, string Audience, long Seconds), Issued> _tokens = new();
    private readonly ServiceAccountCache _accounts = accounts ?? new ServiceAccountCache(client, time);

    /// <summary>
    /// The token automounted into the pod's containers, or null when the pod (or, when the pod
    /// does not say, its service account) turns automounting off or the account does not exist.
    /// </summary>
    public async Task<string?> AutomountedAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        if (pod.BoolAt("spec", "automountServiceAccountToken") == false) return null;
        // "Off" is remembered under a key of its own, apart from the pod's tokens.
        var off = (ObjectMeta.Uid(pod) ?? "", "\0automount-off", 0L);
        var now = time.GetUtcNow();
        if (_tokens.TryGetValue(off, out var held) && now < held.RefreshAt) return null;
        if (_tokens.TryGetValue((off.Item1, "", DefaultExpirationSeconds), out var current) && now < current.RefreshAt) return current.Token;
        if (pod.BoolAt("spec", "automountServiceAccountToken") == true) return await GetAsync(pod, null, null, cancellationToken);
        // The pod leaves it to its account; an account that does not exist gets no token either, so no TokenRequest is sent.
        var account = await _accounts.GetAsync(ObjectMeta.Namespace(pod) ?? "default", AccountOf(pod), cancellationToken);
        if (account is not null && ServiceAccountVolume.Wanted(pod, account)) return await GetAsync(pod, null, null, cancellationToken);
        _tokens[off] = new Issued(null, now + RecheckAfter, now + RecheckAfter);
        return null;
    }

    /// <summary>The pod's current token for an audience (null: the apiserver's), or null when its service account does not exist.</summary>
    public async Task<string?> GetAsync(JsonObject pod, string? audience, long? expirationSeconds, CancellationToken cancellationToken)
    {
        var seconds = expirationSeconds ?? DefaultExpirationSeconds;
        var podUid = ObjectMeta.Uid(pod) ?? "";
        var key = (podUid, audience ?? "", seconds);
        var now = time.GetUtcNow();
        if (_tokens.TryGetValue(key, out var held) && now < held.RefreshAt) return held.Token;

        var spec = new JsonObject
        {
            ["expirationSeconds"] = seconds,
            ["boundObjectRef"] = new JsonObject { ["kind"] = "Pod", ["apiVersion"] = "v1", ["name"] = ObjectMeta.Name(pod), ["uid"] = podUid },
        };
        if (audience is not null) spec["audiences"] = new JsonArray(audience);
        var request = new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = spec };
        JsonObject response;
        try
        {
            response = await client.CreateSubresourceAsync(ResourceTypes.ServiceAccount, ObjectMeta.Namespace(pod), AccountOf(pod), "token", request, cancellationToken: cancellationToken);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            _tokens[key] = new Issued(null, now + RecheckAfter, now + RecheckAfter);
            return null;
        }
        var token = response.StringAt("status", "token") ?? "";
        var expires = DateTimeOffset.TryParse(response.StringAt("status", "expirationTimestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : now.AddSeconds(seconds);
        _tokens[key] = new Issued(token, now + (expires - now) * 0.8, expires);
        Sweep(now);
        return token;
    }

    /// <summary>The service account a pod runs as: <c>default</c> when it names none.</summary>
    public static string AccountOf(JsonObject pod) => pod.StringAt("spec", "serviceAccountName") is { Length: > 0 } name ? name : "default";

    /// <summary>Tokens past their expiry belong to pods that no longer ask for them: gone or stopped.</summary>
    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, issued) in _tokens)
        {
            if (issued.Expires < now) _tokens.TryRemove(key, out _);
        }
    }

    /// <summary>A token and when to ask again; a null token is a recent "none" (no account, or automount off).</summary>
    private sealed record Issued(string? Token, DateTimeOffset RefreshAt, DateTimeOffset Expires);
}
