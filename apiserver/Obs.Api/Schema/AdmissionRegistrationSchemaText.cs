namespace Obs.Api.Schema;

/// <summary>admissionregistration.k8s.io/v1: the webhook configurations and the CEL admission policies (with their bindings) that operators install to check and change writes.</summary>
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
        kind ValidatingAdmissionPolicy
          metadata                    meta.ObjectMeta       1
          spec                        ValidatingAdmissionPolicySpec 2
          status                      ValidatingAdmissionPolicyStatus 3

        type ValidatingAdmissionPolicySpec
          paramKind                   ParamKind             1 ptr
          matchConstraints            MatchResources        2 ptr
          validations                 []Validation          3 list=atomic
          failurePolicy               string                4 ptr
          auditAnnotations            []AuditAnnotation     5 list=atomic
          matchConditions             []MatchCondition      6 patch=merge key=name list=map keys=name
          variables                   []Variable            7 list=atomic

        type ValidatingAdmissionPolicyStatus
          observedGeneration          int64                 1
          typeChecking                TypeChecking          2 ptr
          conditions                  []meta.Condition      3 list=map keys=type

        type TypeChecking
          expressionWarnings          []ExpressionWarning   1 list=atomic

        type ExpressionWarning
          fieldRef                    string                2
          warning                     string                3

        type ParamKind atomic
          apiVersion                  string                1
          kind                        string                2

        type MatchResources atomic
          namespaceSelector           meta.LabelSelector    1
          objectSelector              meta.LabelSelector    2
          resourceRules               []NamedRuleWithOperations 3 list=atomic
          excludeResourceRules        []NamedRuleWithOperations 4 list=atomic
          matchPolicy                 string                7 ptr

        type NamedRuleWithOperations atomic
          resourceNames               []string              1 list=atomic
          ...                         RuleWithOperations    2

        type Validation
          expression                  string                1
          message                     string                2
          reason                      string                3 ptr
          messageExpression           string                4

        type Variable
          name                        string                1
          expression                  string                2

        type AuditAnnotation
          key                         string                1
          valueExpression             string                2

        kind ValidatingAdmissionPolicyBinding
          metadata                    meta.ObjectMeta       1
          spec                        ValidatingAdmissionPolicyBindingSpec 2

        type ValidatingAdmissionPolicyBindingSpec
          policyName                  string                1
          paramRef                    ParamRef              2 ptr
          matchResources              MatchResources        3 ptr
          validationActions           []string              4 list=set

        type ParamRef atomic
          name                        string                1
          namespace                   string                2
          selector                    meta.LabelSelector    3
          parameterNotFoundAction     string                4 ptr
        """;
}
