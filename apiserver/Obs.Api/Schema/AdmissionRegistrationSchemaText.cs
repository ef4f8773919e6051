namespace Obs.Api.Schema;

/// <summary>admissionregistration.k8s.io/v1: the webhook configurations that operators install to check and change writes.</summary>
internal static class AdmissionRegistrationSchemaText
{
    public const string Text = """
        package admissionregistration io.k8s.api.admissionregistration.v1 admissionregistration.k8s.io/v1

        kind ValidatingWebhookConfiguration
          metadata                    meta.ObjectMeta       1
          webhooks                    []ValidatingWebhook   2 patch=merge key=name list=map keys=name

        kind MutatingWebhookConfiguration
          metadata                    meta.ObjectMeta       1
          webhooks                    []MutatingWebhook     2 patch=merge key=name list=map keys=name

        type ValidatingWebhook
          name                        string                1
          clientConfig                WebhookClientConfig   2
          rules                       []RuleWithOperations  3 list=atomic
          failurePolicy               string                4 ptr
          matchPolicy                 string                9 ptr
          namespaceSelector           meta.LabelSelector    5
          objectSelector              meta.LabelSelector    10
          sideEffects                 string                6 ptr
          timeoutSeconds              int32                 7 ptr
          admissionReviewVersions     []string              8 list=atomic
          matchConditions             []MatchCondition      11 patch=merge key=name list=map keys=name

        type MutatingWebhook
          name                        string                1
          clientConfig                WebhookClientConfig   2
          rules                       []RuleWithOperations  3 list=atomic
          failurePolicy               string                4 ptr
          matchPolicy                 string                9 ptr
          namespaceSelector           meta.LabelSelector    5
          objectSelector              meta.LabelSelector    11
          sideEffects                 string                6 ptr
          timeoutSeconds              int32                 7 ptr
          admissionReviewVersions     []string              8 list=atomic
          reinvocationPolicy          string                10 ptr
          matchConditions             []MatchCondition      12 patch=merge key=name list=map keys=name

        type WebhookClientConfig
          url                         string                3 ptr
          service                     ServiceReference      1
          caBundle                    bytes                 2

        type ServiceReference
          namespace                   string                1
          name                        string                2
          path                        string                3 ptr
          port                        int32                 4 ptr

        type RuleWithOperations
          operations                  []string              1 list=atomic
          ...                         Rule                  2

        type Rule
          apiGroups                   []string              1 list=atomic
          apiVersions                 []string              2 list=atomic
          resources                   []string              3 list=atomic
          scope                       string                4 ptr

        type MatchCondition
          name                        string                1
          expression                  string                2
        """;
}
