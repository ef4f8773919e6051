namespace Obs.Api.Schema.Descriptions;

/// <summary>What <c>kubectl explain</c> says of the webhook configurations and admission policies (<see cref="AdmissionRegistrationSchemaText"/>).</summary>
internal static class AdmissionRegistrationDescriptionsText
{
    public const string Text = """
        package admissionregistration

        ValidatingWebhookConfiguration: Webhooks the apiserver asks, after defaulting and validation and before
            storing, whether a write may go ahead. They may refuse it but not change it.
          webhooks: The webhooks, each with the writes it is asked about.

        MutatingWebhookConfiguration: Webhooks the apiserver sends each matching write to before validating it; each
            may refuse it or change the object with a JSON patch. Configurations run in name order, their webhooks
            in the order given.
          webhooks: The webhooks, each with the writes it is sent.

        ValidatingWebhook: One webhook that may refuse writes: where it is, which writes it is asked about and what
            happens when it cannot be reached.
          name: The webhook's qualified name (e.g. pods.policy.example.com), unique in its configuration; errors
              name it.
          clientConfig: Where the webhook listens and the CA its serving certificate must chain to.
          rules: Which operations on which resources are sent; a write matching any rule is.
          failurePolicy: Ignore (go ahead) or Fail (refuse the write) when the call fails or times out. Defaults to
              Fail.
          matchPolicy: Exact (only the resources the rules name) or Equivalent (also the same resource served at
              another group or version). Defaults to Equivalent.
          namespaceSelector: Only writes in namespaces whose labels match (for a Namespace, its own labels); {} (the
              default) matches all. Cluster-scoped objects other than namespaces are always sent.
          objectSelector: Only writes whose object (new or old) has matching labels; {} (the default) matches all.
          sideEffects: None, or NoneOnDryRun: whether calling the webhook changes anything elsewhere. A dry-run write
              is refused with 400 by a webhook that has side effects.
          timeoutSeconds: How long to wait for the answer, 1 to 30 seconds. Defaults to 10.
          admissionReviewVersions: AdmissionReview versions the webhook understands, preferred first; must include
              v1 or v1beta1. The apiserver sends v1.
          matchConditions: CEL conditions over object, oldObject, request and authorizer that must all hold for the
              webhook to be called.

        MutatingWebhook: One webhook that may change or refuse writes: where it is, which writes it is sent and
            what happens when it cannot be reached.
          name: The webhook's qualified name (e.g. pods.policy.example.com), unique in its configuration; errors
              name it.
          clientConfig: Where the webhook listens and the CA its serving certificate must chain to.
          rules: Which operations on which resources are sent; a write matching any rule is.
          failurePolicy: Ignore (go ahead) or Fail (refuse the write) when the call fails or times out. Defaults to
              Fail.
          matchPolicy: Exact (only the resources the rules name) or Equivalent (also the same resource served at
              another group or version). Defaults to Equivalent.
          namespaceSelector: Only writes in namespaces whose labels match (for a Namespace, its own labels); {} (the
              default) matches all. Cluster-scoped objects other than namespaces are always sent.
          objectSelector: Only writes whose object (new or old) has matching labels; {} (the default) matches all.
          sideEffects: None, or NoneOnDryRun: whether calling the webhook changes anything elsewhere. A dry-run write
              is refused with 400 by a webhook that has side effects.
          timeoutSeconds: How long to wait for the answer, 1 to 30 seconds. Defaults to 10.
          admissionReviewVersions: AdmissionReview versions the webhook understands, preferred first; must include
              v1 or v1beta1. The apiserver sends v1.
          reinvocationPolicy: Never (the default) or IfNeeded: called once more, after the others, when a webhook
              after it changed the object.
          matchConditions: CEL conditions over object, oldObject, request and authorizer that must all hold for the
              webhook to be called.

        WebhookClientConfig: How to reach a webhook: exactly one of url and service.
          url: https://host[:port]/path, with no user, query or fragment.
          service: A Service in the cluster; the call goes to one of its ready endpoints.
          caBundle: PEM certificates the webhook's serving certificate must chain to; nothing else is trusted for
              the call.

        ServiceReference: A Service a webhook is reached through.
          namespace: The Service's namespace.
          name: The Service's name.
          path: The URL path the review is posted to.
          port: The Service's port, 1 to 65535. Defaults to 443.

        RuleWithOperations: Operations on resources that a webhook is sent.
          operations: CREATE, UPDATE, DELETE, CONNECT, or * for all.
          apiGroups: API groups ("" for core), or * for all.
          apiVersions: API versions, or * for all.
          resources: Resources (pods), subresources (pods/status, pods/*, */scale), or * for all resources
              without their subresources (*/* for everything).
          scope: Cluster, Namespaced, or * (the default) for both.

        MatchCondition: A named CEL expression a request must satisfy to be sent.
          name: The condition's name, unique in the webhook.
          expression: The CEL expression.
        ValidatingAdmissionPolicy: CEL rules the apiserver checks writes against, in process, after mutating
            admission; a policy acts only through the ValidatingAdmissionPolicyBindings that name it.
          spec: What the policy matches, its parameters and its rules.
          status: What the apiserver last made of the policy.

        ValidatingAdmissionPolicySpec: The writes a policy matches and the rules they must pass.
          paramKind: The kind of the objects that parameterize the policy (seen as params); a binding says which one.
          matchConstraints: The writes the policy can apply to; required, with resourceRules.
          validations: CEL expressions that must all be true for the write to go ahead.
          failurePolicy: Fail (the default: refuse the write) or Ignore (let it go ahead) when an expression fails to
              evaluate, a binding's parameter is misconfigured, or the policy is invalid.
          auditAnnotations: Values computed for the audit record of each matching write.
          matchConditions: CEL conditions that must all hold for the policy to check a write; any false skips it.
          variables: Named CEL expressions the other expressions read as variables.NAME, each computed at most once
              per write.

        ValidatingAdmissionPolicyStatus: What the apiserver last made of the policy.
          observedGeneration: The generation of the spec this status describes.
          typeChecking: The results of checking the expressions' types (Obs reports no warnings).
          conditions: The policy's current state.

        TypeChecking: The results of checking a policy's expressions against the types they match.
          expressionWarnings: One warning per expression that may not work as written.

        ExpressionWarning: A problem found in one expression.
          fieldRef: The expression's field path, such as spec.validations[0].expression.
          warning: What was found.

        ParamKind: The group/version and kind of a policy's parameter objects.
          apiVersion: group/version of the kind (v1 for the core group).
          kind: The kind, such as ConfigMap.

        MatchResources: Which writes match: by resource and operation, namespace labels and object labels.
          namespaceSelector: Only writes in namespaces whose labels match (a Namespace is matched by its own labels);
              {} matches all. Other cluster-scoped objects always match.
          objectSelector: Only writes whose object (new or old) has matching labels; {} matches all.
          resourceRules: The operations and resources that match; a write must match one.
          excludeResourceRules: Operations and resources that never match, even when a resource rule does.
          matchPolicy: Exact (only the resources the rules name) or Equivalent (the default: also the same resource
              served at another version).

        NamedRuleWithOperations: Operations on resources, optionally only on objects of given names.
          resourceNames: The objects' names; empty means every name.

        Validation: One CEL rule of a policy.
          expression: A CEL expression over object, oldObject, request, params, namespaceObject, variables and
              authorizer that must be true.
          message: What the client is told when the expression is false.
          reason: The HTTP reason of the refusal: Unauthorized (401), Forbidden (403, the default), Invalid (422) or
              RequestEntityTooLarge (413).
          messageExpression: A CEL expression yielding the message, used instead of message when it evaluates to a
              non-empty string on one line.

        Variable: A named CEL expression.
          name: The variable's name, a CEL identifier, unique in the policy.
          expression: The CEL expression whose value the variable holds.

        AuditAnnotation: A value added to the audit record of writes the policy checks.
          key: The annotation's key, qualified by the policy's name (POLICY/KEY).
          valueExpression: A CEL expression yielding a string, or null to add nothing.

        ValidatingAdmissionPolicyBinding: Puts a ValidatingAdmissionPolicy in force over some writes, with the
            parameter object it uses and what a failed rule does.
          spec: The policy, its parameters, the writes and the actions.

        ValidatingAdmissionPolicyBindingSpec: Which policy applies to which writes, and how.
          policyName: The ValidatingAdmissionPolicy put in force.
          paramRef: The parameter objects the policy reads as params; required when the policy has a paramKind.
          matchResources: Narrows the policy's matchConstraints to fewer writes; unset keeps them.
          validationActions: What a failed rule does: Deny (refuse the write), Warn (a Warning the client shows) and
              Audit (record it); Deny and Warn not together.

        ParamRef: How a binding finds its parameter objects.
          name: The parameter object's name.
          namespace: The parameter's namespace; when unset for a namespaced kind, the namespace of the write.
          selector: Selects parameter objects by label; the policy is checked with each.
          parameterNotFoundAction: Allow (the write goes ahead) or Deny (refused, or as failurePolicy says) when no
              parameter object is found.
        """;
}
