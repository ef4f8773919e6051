namespace Obs.Api.Schema.Descriptions;

/// <summary>What <c>kubectl explain</c> says of the webhook configurations (<see cref="AdmissionRegistrationSchemaText"/>).</summary>
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
          matchConditions: CEL conditions that narrow the writes sent. Stored, not evaluated by Obs: a webhook whose
              rules and selectors match is called.

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
          matchConditions: CEL conditions that narrow the writes sent. Stored, not evaluated by Obs: a webhook whose
              rules and selectors match is called.

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
        """;
}
