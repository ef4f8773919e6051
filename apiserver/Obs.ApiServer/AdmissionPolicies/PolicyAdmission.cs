using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Cel;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;
using Obs.ApiServer.Registry;
using Obs.ApiServer.Webhooks;

namespace Obs.ApiServer.AdmissionPolicies;

/// <summary>
/// ValidatingAdmissionPolicy admission, run after mutating admission and the apiserver's own validation, before the
/// validating webhooks, as kube-apiserver's plugin runs. Every policy whose matchConstraints cover the write is checked
/// through each of its bindings whose matchResources also do, once per parameter object; each failure does what the
/// binding's validationActions say: Deny refuses the write (the first denial is the answer), Warn adds a
/// <c>Warning</c> header, Audit is logged (Obs keeps no audit log). A binding that cannot be applied fails the write
/// (500) unless its policy's failurePolicy is Ignore.
/// </summary>
public sealed partial class PolicyAdmission(AdmissionPolicySet policies, WebhookMatcher matcher, PolicyParams parameters, WatchCache cache,
    AdmissionAuthorizer authorizers, RequestingUser users, ILogger<PolicyAdmission> logger)
{
    /// <summary>Whether any policy is in force: false costs a write nothing more.</summary>
    public bool Any => policies.Bound.Count > 0;

    public void Validate(AdmissionAttributes request)
    {
        var bound = policies.Bound;
        if (bound.Count == 0) return;
        (string Policy, string Binding, PolicyEvaluation.Failure Failure)? denied = null;
        var configurationErrors = new List<string>();
        Dictionary<string, object?>? shared = null;
        foreach (var (policy, bindings) in bound)
        {
            if (policy.Constraints?.Match(request, matcher) is not { } matched) continue;
            foreach (var binding in bindings)
            {
                if (binding.MatchResources is { } narrower && narrower.Match(request, matcher) is null) continue;
                IReadOnlyList<JsonObject?> found;
                try
                {
                    found = parameters.For(policy, binding, request);
                }
                catch (PolicyConfigurationException e)
                {
                    if (!policy.FailOpen) configurationErrors.Add("failed to configure binding: " + e.Message);
                    continue;
                }
                foreach (var param in found)
                {
                    shared ??= Activation(request, matched);
                    var activation = new Dictionary<string, object?>(shared, StringComparer.Ordinal) { ["params"] = CelValues.FromJson(param) };
                    var result = PolicyEvaluation.Evaluate(policy, activation);
                    foreach (var failure in result.Failures)
                    {
                        if (binding.Deny) denied ??= (policy.Name, binding.Name, failure);
                        if (binding.Warn && request.Request is { } http)
                            WarningHeader.Add(http, $"Validation failed for ValidatingAdmissionPolicy '{policy.Name}' with binding '{binding.Name}': {failure.Message}");
                        if (binding.Audit) LogAuditedFailure(logger, policy.Name, binding.Name, request.Operation, request.Type.GroupResource, request.Namespace, request.Name, failure.Message);
                    }
                    foreach (var (key, value) in result.AuditAnnotations) LogAuditAnnotation(logger, key, value, request.Operation, request.Type.GroupResource, request.Namespace, request.Name);
                }
            }
        }
        if (denied is { } refusal) throw PolicyErrors.Denied(request, refusal.Policy, refusal.Binding, refusal.Failure);
        if (configurationErrors.Count > 0) throw PolicyErrors.Misconfigured(configurationErrors);
    }

    /// <summary>
    /// The variables every policy sees for this write: the objects in the version the policy matched, the
    /// AdmissionRequest without them, the namespace (for namespaced resources) and the authorizer for the requester.
    /// </summary>
    private Dictionary<string, object?> Activation(AdmissionAttributes request, ResourceType matched)
    {
        var user = users.Of(request.Request);
        var review = AdmissionReview.Request(Guid.NewGuid().ToString(), request, matched, user)["request"]!.AsObject();
        var obj = review["object"];
        var old = review["oldObject"];
        review.Remove("object");
        review.Remove("oldObject");
        JsonObject? ns = null;
        if (request.Type.Namespaced && request.Namespace.Length > 0)
            ns = cache.Get(ObjectRegistry.KeyOf(ResourceTypes.Namespace, null, request.Namespace))?.ToMutable();
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["object"] = CelValues.FromJson(obj),
            ["oldObject"] = CelValues.FromJson(old),
            ["request"] = CelValues.FromJson(review),
            ["namespaceObject"] = CelValues.FromJson(ns),
            ["authorizer"] = authorizers.For(user, request),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ValidatingAdmissionPolicy '{Policy}' with binding '{Binding}' (Audit) failed {Operation} of {Resource} {Namespace}/{Name}: {Message}")]
    private static partial void LogAuditedFailure(ILogger logger, string policy, string binding, string operation, string resource, string @namespace, string name, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "admission policy audit annotation {Key}={Value} on {Operation} of {Resource} {Namespace}/{Name}")]
    private static partial void LogAuditAnnotation(ILogger logger, string key, string value, string operation, string resource, string @namespace, string name);
}
