using System.Text.Json.Nodes;
using Obs.Api.CustomResources;
using Obs.Api.Errors;
using Obs.Api.Resources;

namespace Obs.Api.Validation;

/// <summary>
/// Validates whole objects the way Kubernetes' registry strategies do on create and update: metadata,
/// then the resource's own rules, returning every error with its field path (never throwing, whatever
/// the JSON holds). Runs after defaulting; defaulted fields that are missing are not reported.
/// </summary>
public static class ObjectValidator
{
    private sealed record Rules(
        Func<string, bool, IReadOnlyList<string>> Name,
        Action<JsonObject, ErrorList>? Create,
        Action<JsonObject, JsonObject, ErrorList>? Update)
    {
        /// <summary>The create rules are not run again on updates, which <see cref="Update"/> checks alone.</summary>
        public bool CreateOnly { get; init; }
    }

    private static readonly Dictionary<ResourceType, Rules> ByResource = new()
    {
        [ResourceTypes.Namespace] = new(NameValidators.DnsLabel, CoreObjectValidation.ValidateNamespace, null),
        [ResourceTypes.Pod] = new(NameValidators.DnsSubdomain, PodValidation.ValidatePod, PodUpdateValidation.Validate),
        [ResourceTypes.Node] = new(NameValidators.DnsSubdomain, CoreObjectValidation.ValidateNode, null),
        [ResourceTypes.Service] = new(NameValidators.Dns1035Label, ServiceValidation.Validate, ServiceValidation.ValidateUpdate),
        [ResourceTypes.Endpoints] = new(NameValidators.DnsSubdomain, CoreObjectValidation.ValidateEndpoints, null),
        [ResourceTypes.ConfigMap] = new(NameValidators.DnsSubdomain, ConfigDataValidation.ValidateConfigMap, (n, o, e) => ConfigDataValidation.ValidateUpdate(n, o, secret: false, e)),
        [ResourceTypes.Secret] = new(NameValidators.DnsSubdomain, ConfigDataValidation.ValidateSecret, (n, o, e) => ConfigDataValidation.ValidateUpdate(n, o, secret: true, e)),
        [ResourceTypes.Event] = new(NameValidators.DnsSubdomain, EventValidation.ValidateCore, null),
        [ResourceTypes.EventV1] = new(NameValidators.DnsSubdomain, EventValidation.ValidateEventsV1Create, EventValidation.ValidateEventsV1Update) { CreateOnly = true },
        [ResourceTypes.ServiceAccount] = new(NameValidators.DnsSubdomain, null, null),
        [ResourceTypes.PersistentVolume] = new(NameValidators.DnsSubdomain, StorageValidation.ValidateVolume, null),
        [ResourceTypes.PersistentVolumeClaim] = new(NameValidators.DnsSubdomain, StorageValidation.ValidateClaim, StorageValidation.ValidateClaimUpdate),
        [ResourceTypes.ReplicationController] = new(NameValidators.DnsSubdomain, WorkloadValidation.ValidateReplicationController, null),
        [ResourceTypes.Deployment] = new(NameValidators.DnsSubdomain, WorkloadValidation.ValidateDeployment, WorkloadValidation.ValidateSelectorUnchanged),
        [ResourceTypes.ReplicaSet] = new(NameValidators.DnsSubdomain, WorkloadValidation.ValidateReplicaSet, WorkloadValidation.ValidateSelectorUnchanged),
        [ResourceTypes.StatefulSet] = new(NameValidators.DnsSubdomain, StatefulSetValidation.Validate, StatefulSetValidation.ValidateUpdate),
        [ResourceTypes.DaemonSet] = new(NameValidators.DnsSubdomain, DaemonSetValidation.Validate, WorkloadValidation.ValidateSelectorUnchanged),
        [ResourceTypes.ControllerRevision] = new(NameValidators.DnsSubdomain, PolicyValidation.ValidateControllerRevision, null),
        [ResourceTypes.Job] = new(NameValidators.DnsSubdomain, BatchValidation.ValidateJob, BatchValidation.ValidateJobUpdate),
        [ResourceTypes.CronJob] = new(NameValidators.DnsSubdomain, BatchValidation.ValidateCronJob, null),
        [ResourceTypes.Lease] = new(NameValidators.DnsSubdomain, PolicyValidation.ValidateLease, null),
        [ResourceTypes.EndpointSlice] = new(NameValidators.DnsSubdomain, CoreObjectValidation.ValidateEndpointSlice, null),
        [ResourceTypes.HorizontalPodAutoscaler] = new(NameValidators.DnsSubdomain, PolicyValidation.ValidateHorizontalPodAutoscaler, null),
        [ResourceTypes.PodDisruptionBudget] = new(NameValidators.DnsSubdomain, PolicyValidation.ValidatePodDisruptionBudget, null),
        [ResourceTypes.Ingress] = new(NameValidators.DnsSubdomain, IngressValidation.ValidateIngress, null),
        [ResourceTypes.IngressClass] = new(NameValidators.DnsSubdomain, IngressValidation.ValidateIngressClass, null),
        [ResourceTypes.StorageClass] = new(NameValidators.DnsSubdomain, StorageValidation.ValidateClass, StorageValidation.ValidateClassUpdate),
        [ResourceTypes.PriorityClass] = new(NameValidators.DnsSubdomain, PriorityClassValidation.Validate, PriorityClassValidation.ValidateUpdate),
        [ResourceTypes.NetworkPolicy] = new(NameValidators.DnsSubdomain, NetworkPolicyValidation.Validate, null),
        [ResourceTypes.LimitRange] = new(NameValidators.DnsSubdomain, LimitRangeValidation.Validate, null),
        [ResourceTypes.ResourceQuota] = new(NameValidators.DnsSubdomain, ResourceQuotaValidation.Validate, null),
        [ResourceTypes.Role] = new(NameValidators.PathSegment, (o, e) => RbacValidation.ValidateRole(o, e, namespaced: true), null),
        [ResourceTypes.ClusterRole] = new(NameValidators.PathSegment, (o, e) => RbacValidation.ValidateRole(o, e, namespaced: false), null),
        [ResourceTypes.RoleBinding] = new(NameValidators.PathSegment, (o, e) => RbacValidation.ValidateBinding(o, e, namespaced: true), RbacValidation.ValidateBindingUpdate),
        [ResourceTypes.ClusterRoleBinding] = new(NameValidators.PathSegment, (o, e) => RbacValidation.ValidateBinding(o, e, namespaced: false), RbacValidation.ValidateBindingUpdate),
        [ResourceTypes.CustomResourceDefinition] = new(NameValidators.DnsSubdomain, CustomResourceDefinitionValidation.Validate, CustomResourceDefinitionValidation.ValidateUpdate),
        [ResourceTypes.ValidatingWebhookConfiguration] = new(NameValidators.DnsSubdomain, WebhookConfigurationValidation.ValidateValidating, WebhookConfigurationValidation.ValidateValidatingUpdate) { CreateOnly = true },
        [ResourceTypes.MutatingWebhookConfiguration] = new(NameValidators.DnsSubdomain, WebhookConfigurationValidation.ValidateMutating, WebhookConfigurationValidation.ValidateMutatingUpdate) { CreateOnly = true },
        [ResourceTypes.ValidatingAdmissionPolicy] = new(NameValidators.DnsSubdomain, AdmissionPolicyValidation.Validate, null),
        [ResourceTypes.ValidatingAdmissionPolicyBinding] = new(NameValidators.DnsSubdomain, AdmissionPolicyBindingValidation.Validate, null),
    };

    /// <summary>Every error in an object about to be created (after defaulting, with name and namespace set).</summary>
    public static IReadOnlyList<FieldError> ValidateCreate(ResourceType resource, JsonObject obj)
    {
        var errors = new ErrorList();
        var rules = RulesFor(resource);
        MetadataValidation.Validate(obj["metadata"], resource.Namespaced, rules.Name, "metadata", errors);
        Run(() => rules.Create?.Invoke(obj, errors), errors);
        ValidateCustom(resource, obj, null, errors);
        return errors;
    }

    /// <summary>Every error in an update: the new object must be valid and may not change what Kubernetes keeps fixed.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(ResourceType resource, JsonObject newObj, JsonObject oldObj)
    {
        var errors = new ErrorList();
        var rules = RulesFor(resource);
        MetadataValidation.ValidateUpdate(newObj["metadata"], oldObj["metadata"], "metadata", errors);
        MetadataValidation.Validate(newObj["metadata"], resource.Namespaced, rules.Name, "metadata", errors);
        if (!rules.CreateOnly) Run(() => rules.Create?.Invoke(newObj, errors), errors);
        Run(() => rules.Update?.Invoke(newObj, oldObj, errors), errors);
        ValidateCustom(resource, newObj, oldObj, errors);
        return errors;
    }

    /// <summary>
    /// Every error in a write to the <c>/status</c> subresource: metadata may not change what is fixed, and
    /// the status itself must make sense (counters not negative, ready ≤ replicas, a known pod phase).
    /// The spec is not re-validated.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateStatusUpdate(ResourceType resource, JsonObject newObj, JsonObject oldObj)
    {
        var errors = new ErrorList();
        MetadataValidation.ValidateUpdate(newObj["metadata"], oldObj["metadata"], "metadata", errors);
        // A custom status has only its schema's rules, not the built-in resources' counters.
        if (resource.Custom is null) Run(() => StatusValidation.Validate(resource, newObj, errors), errors);
        ValidateCustom(resource, newObj, oldObj, errors);
        return errors;
    }

    /// <summary>
    /// Every error in a write to <c>pods/{name}/ephemeralcontainers</c>: the pod must stay valid (names unique
    /// across all its containers, no field an ephemeral container may not have), and the ephemeral containers
    /// it had must still be there, unchanged.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateEphemeralContainersUpdate(JsonObject newPod, JsonObject oldPod)
    {
        var errors = new ErrorList();
        MetadataValidation.ValidateUpdate(newPod["metadata"], oldPod["metadata"], "metadata", errors);
        Run(() => PodValidation.ValidatePod(newPod, errors), errors);
        Run(() => EphemeralContainerValidation.ValidateUpdate(newPod, oldPod, errors), errors);
        return errors;
    }

    /// <summary>Every error in an <c>autoscaling/v1 Scale</c> written to <c>/scale</c>.</summary>
    public static IReadOnlyList<FieldError> ValidateScale(JsonObject scale)
    {
        var errors = new ErrorList();
        Run(() => StatusValidation.ValidateScale(scale, errors), errors);
        return errors;
    }

    /// <summary>Every error in a <c>Binding</c> posted to <c>pods/{name}/binding</c>.</summary>
    public static IReadOnlyList<FieldError> ValidatePodBinding(JsonObject binding)
    {
        var errors = new ErrorList();
        Run(() => StatusValidation.ValidateBinding(binding, errors), errors);
        return errors;
    }

    /// <summary>The name rule of a resource (DNS subdomain for most, DNS-1035 label for Services, path segment for RBAC).</summary>
    public static Func<string, bool, IReadOnlyList<string>> NameRule(ResourceType resource) => RulesFor(resource).Name;

    /// <summary>A version served by conversion has the rules of its stored version unless it has its own (events.k8s.io/v1).</summary>
    private static Rules RulesFor(ResourceType resource) =>
        ByResource.TryGetValue(resource, out var rules) || ByResource.TryGetValue(resource.Storage, out rules) ? rules
        : resource.Custom is not null ? CustomRules : DefaultRules;

    private static readonly Rules DefaultRules = new(NameValidators.DnsSubdomain, null, null);

    // Custom objects' names need only be one URL path segment, as kube-apiserver checks them.
    private static readonly Rules CustomRules = new(NameValidators.PathSegment, null, null);

    /// <summary>
    /// A custom object is checked against its version's schema, the whole object on every write, then against
    /// its x-kubernetes-validations rules (with the previous object on updates). As in kube-apiserver, values
    /// of the wrong type stop the rules from running: they would only fail in confusing ways.
    /// </summary>
    private static void ValidateCustom(ResourceType resource, JsonObject obj, JsonObject? old, ErrorList errors)
    {
        if (resource.Custom is not { } custom) return;
        var schemaErrors = new List<FieldError>();
        Run(() => schemaErrors.AddRange(SchemaValidation.Validate(custom.Schema, obj)), errors);
        errors.AddRange(schemaErrors);
        if (!custom.Schema.HasValidations) return;
        if (schemaErrors.Any(e => e.Type == FieldErrorType.TypeInvalid))
            // Go prints the nil value of this error as the string "null".
            errors.Add(FieldError.Invalid(SchemaRuleValidation.RootField, "null",
                "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"));
        else Run(() => errors.AddRange(SchemaRuleValidation.Validate(custom.Schema, obj, old)), errors);
    }

    // Validators read defensively; if one still trips on an unforeseen shape, report it as a field error
    // rather than let the request fail with a 500.
    private static void Run(Action validate, ErrorList errors)
    {
        try
        {
            validate();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or InvalidCastException or NullReferenceException or IndexOutOfRangeException)
        {
            errors.Add(FieldError.Invalid("", "", "could not be validated: " + e.Message));
        }
    }
}
