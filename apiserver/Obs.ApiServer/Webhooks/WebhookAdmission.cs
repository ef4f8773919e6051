using System.Text.Json.Nodes;
using Obs.Api.Conversion;
using Obs.Api.Patch;
using Obs.Api.Resources;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Webhooks;

/// <summary>
/// The admission webhooks of a write, called as kube-apiserver calls them: the mutating ones one after another (by
/// configuration name, then as listed), each seeing the object as the one before left it, then, after the
/// apiserver's own validation, the ValidatingAdmissionPolicies, then the validating ones all at once. A webhook that refuses stops the write with its
/// message; one that cannot be called (unreachable, too slow, no valid answer) stops it only with failurePolicy
/// Fail. The webhook configurations themselves are never sent to webhooks, so a broken webhook can always be removed.
/// </summary>
public sealed class WebhookAdmission(WebhookConfigurations configurations, WebhookMatcher matcher, WebhookCaller caller, RequestingUser users,
    AdmissionPolicies.PolicyAdmission policies, AdmissionAuthorizer authorizers)
{
    /// <summary>Whether writes of <paramref name="type"/> have mutating webhooks to consider: false costs the write nothing more.</summary>
    public bool MutatesAny(ResourceType type) => !Exempt(type) && configurations.Mutating.Count > 0;

    /// <summary>Whether writes of <paramref name="type"/> have validating webhooks or ValidatingAdmissionPolicies to consider.</summary>
    public bool ValidatesAny(ResourceType type) => !Exempt(type) && (configurations.Validating.Count > 0 || policies.Any);

    /// <summary>
    /// A request with no stored object to default and validate in between: a delete (mutating webhooks are asked too,
    /// with no object, so any patch is moved past), an eviction's or a binding's CREATE, a connect. The mutating
    /// webhooks, then <paramref name="check"/> (the apiserver's own validation of the object), then the validating ones.
    /// </summary>
    public async Task AdmitAsync(AdmissionAttributes request, CancellationToken cancellationToken, Action? check = null)
    {
        if (MutatesAny(request.Type)) await MutateAsync(request, cancellationToken);
        check?.Invoke();
        if (ValidatesAny(request.Type)) await ValidateAsync(request, cancellationToken);
    }

    /// <summary>Admission's own configuration is never admitted by it, as in Kubernetes, so a broken webhook or policy can always be removed.</summary>
    private static bool Exempt(ResourceType type) =>
        type == ResourceTypes.ValidatingWebhookConfiguration || type == ResourceTypes.MutatingWebhookConfiguration ||
        type == ResourceTypes.ValidatingAdmissionPolicy || type == ResourceTypes.ValidatingAdmissionPolicyBinding;

    /// <summary>
    /// Sends the write to each matching mutating webhook and applies their patches to <see cref="AdmissionAttributes.Object"/>
    /// in place. True when a patch changed it. As kube-apiserver does, each patched object is defaulted
    /// (<paramref name="defaults"/>) before the next webhook sees it.
    /// <para>
    /// Then, as kube-apiserver reinvokes them, one more round when a webhook changed the object: the webhooks with
    /// reinvocationPolicy IfNeeded that were called before a change (in the first round, or earlier in this one) are
    /// called again, in order, if they still match; a webhook skipped in the first round is not called in the second.
    /// </para>
    /// </summary>
    public async Task<bool> MutateAsync(AdmissionAttributes request, CancellationToken cancellationToken, Action<JsonObject>? defaults = null)
    {
        var webhooks = configurations.Mutating;
        var changed = false;
        var calledSinceChange = new List<int>();
        var reinvoke = new HashSet<int>();
        for (var round = 0; round < 2 && (round == 0 || changed); round++)
        {
            for (var i = 0; i < webhooks.Count; i++)
            {
                var webhook = webhooks[i];
                if (matcher.Match(webhook, request) is not { } sentAs || (round == 1 && !reinvoke.Contains(i))) continue;
                // Only a webhook actually called may be called again: one its matchConditions skipped is not.
                if (await MutateOnceAsync(webhook, request, sentAs, defaults, cancellationToken) is not { } patchChanged) continue;
                if (patchChanged)
                {
                    changed = true;
                    reinvoke.UnionWith(calledSinceChange);
                    calledSinceChange.Clear();
                }
                if (webhook.ReinvokeIfNeeded) calledSinceChange.Add(i);
            }
        }
        return changed;
    }

    /// <summary>
    /// Calls one mutating webhook and applies its patch; true when the patch changed the object, null when the webhook
    /// was not called (its matchConditions did not hold).
    /// </summary>
    private async Task<bool?> MutateOnceAsync(Webhook webhook, AdmissionAttributes request, ResourceType sentAs, Action<JsonObject>? defaults, CancellationToken cancellationToken)
    {
        var (called, answer) = await AskAsync(webhook, request, sentAs, cancellationToken);
        if (!called) return null;
        var response = Answered(webhook, request, answer);
        if (response?.Patch is not { } patch || request.Object is not { } target) return false;
        if (ApplyPatch(webhook, request.ObjectKind is null ? sentAs : request.Type, target, patch) is not { } patched) return false;
        target.Clear();
        foreach (var (key, value) in patched.ToList())
        {
            patched.Remove(key);
            target[key] = value;
        }
        defaults?.Invoke(target);
        return true;
    }

    /// <summary>
    /// Sends the write to every matching validating webhook at once; the first refusal or failure (in configuration
    /// order) is thrown once all have answered, and the warnings of every webhook that answered reach the client with
    /// it, as kube-apiserver records each webhook's warnings before it looks at the refusals.
    /// </summary>
    public async Task ValidateAsync(AdmissionAttributes request, CancellationToken cancellationToken)
    {
        // ValidatingAdmissionPolicies first, as kube-apiserver orders its plugins: a policy's refusal spares the webhook calls.
        policies.Validate(request);
        var calls = new List<(Webhook Webhook, Task<AdmissionResponse?> Call)>();
        foreach (var webhook in configurations.Validating)
        {
            if (matcher.Match(webhook, request) is { } sentAs) calls.Add((webhook, CallAsync(webhook, request, sentAs, cancellationToken)));
        }
        if (calls.Count == 0) return;
        try
        {
            await Task.WhenAll(calls.Select(c => c.Call));
        }
        catch (ApiException)
        {
            // Thrown below in order, once every call is done.
        }
        // In order, and only now: the response headers the warnings go to are not for several threads at once.
        ApiException? refusal = null;
        foreach (var (webhook, call) in calls)
        {
            try
            {
                Answered(webhook, request, await call);
            }
            catch (ApiException e)
            {
                refusal ??= e;
            }
        }
        if (refusal is not null) throw refusal;
    }

    /// <summary>Passes the webhook's warnings on to the client, then throws its refusal if it refused.</summary>
    private static AdmissionResponse? Answered(Webhook webhook, AdmissionAttributes request, AdmissionResponse? response)
    {
        if (response is null) return null;
        if (request.Request is { } http)
        {
            foreach (var warning in response.Warnings) WarningHeader.Add(http, warning);
        }
        if (!response.Allowed) throw WebhookErrors.Denied(webhook.Name, response.Status);
        return response;
    }

    /// <summary>The webhook's answer, a refusal too; null when it was not called or failed under failurePolicy Ignore.</summary>
    private async Task<AdmissionResponse?> CallAsync(Webhook webhook, AdmissionAttributes request, ResourceType sentAs, CancellationToken cancellationToken) =>
        (await AskAsync(webhook, request, sentAs, cancellationToken)).Answer;

    /// <summary>
    /// Whether the webhook was called, and its answer (a refusal too; null when it failed and its failurePolicy is
    /// Ignore). Not called when its matchConditions, evaluated over the review it would be sent before the dry-run
    /// check, do not hold, or failed to evaluate under Ignore.
    /// </summary>
    private async Task<(bool Called, AdmissionResponse? Answer)> AskAsync(Webhook webhook, AdmissionAttributes request, ResourceType sentAs, CancellationToken cancellationToken)
    {
        var uid = Guid.NewGuid().ToString();
        var user = users.Of(request.Request);
        var review = AdmissionReview.Request(uid, request, sentAs, user);
        try
        {
            if (!webhook.MatchConditions.Match(review, () => authorizers.For(user, request))) return (false, null);
        }
        catch (WebhookCallException e)
        {
            if (webhook.FailOpen) return (false, null);
            throw WebhookErrors.Failed(webhook.Name, e.Message);
        }
        if (request.DryRun && !webhook.AllowsDryRun) throw WebhookErrors.DryRunUnsupported(webhook.Name);
        try
        {
            var body = await caller.CallAsync(webhook, review, cancellationToken);
            return (true, AdmissionReview.ParseResponse(body, uid));
        }
        catch (WebhookCallException e)
        {
            if (webhook.FailOpen) return (true, null);
            throw WebhookErrors.Failed(webhook.Name, e.Message);
        }
    }

    /// <summary>
    /// The object after the webhook's JSON patch, back in the stored version; null when the patch changed nothing (compared
    /// in the version the webhook saw, as kube-apiserver compares). A patch that does not apply is the webhook's fault (500).
    /// </summary>
    private static JsonObject? ApplyPatch(Webhook webhook, ResourceType sentAs, JsonObject target, JsonNode patch)
    {
        try
        {
            var sent = AdmissionReview.In(sentAs, target);
            if (JsonPatch.Apply(sent.DeepClone(), patch) is not JsonObject patched)
                throw new PatchException(PatchFailure.NotApplicable, "the patched object is not a JSON object");
            if (JsonNode.DeepEquals(sent, patched)) return null;
            return sentAs.StoredAs is null ? patched : VersionConversion.ToStorage(sentAs, patched);
        }
        catch (PatchException e)
        {
            throw WebhookErrors.Failed(webhook.Name, "the webhook's JSON patch does not apply: " + e.Message);
        }
    }
}
