namespace Obs.Api.Schema;

/// <summary>
/// The policy kinds: scheduling.k8s.io/v1 PriorityClass, networking.k8s.io/v1 NetworkPolicy, and
/// core/v1 LimitRange and ResourceQuota. Their packages get aliases of their own (the Go packages and
/// OpenAPI names are the same as Ingress's and Pod's) so they can live apart from the larger texts.
/// </summary>
internal static class PolicySchemaText
{
    public const string Text = """
        package scheduling io.k8s.api.scheduling.v1 scheduling.k8s.io/v1

        kind PriorityClass
          metadata                    meta.ObjectMeta       1
          value                       int32                 2
          globalDefault               bool                  3
          description                 string                4
          preemptionPolicy            string                5 ptr

        package networkpolicy io.k8s.api.networking.v1 networking.k8s.io/v1

        kind NetworkPolicy
          metadata                    meta.ObjectMeta       1
          spec                        NetworkPolicySpec     2

        type NetworkPolicySpec
          podSelector                 meta.LabelSelector    1
          ingress                     []NetworkPolicyIngressRule 2 list=atomic
          egress                      []NetworkPolicyEgressRule 3 list=atomic
          policyTypes                 []string              4 list=atomic

        type NetworkPolicyIngressRule
          ports                       []NetworkPolicyPort   1 list=atomic
          from                        []NetworkPolicyPeer   2 list=atomic

        type NetworkPolicyEgressRule
          ports                       []NetworkPolicyPort   1 list=atomic
          to                          []NetworkPolicyPeer   2 list=atomic

        type NetworkPolicyPeer
          podSelector                 meta.LabelSelector    1
          namespaceSelector           meta.LabelSelector    2
          ipBlock                     IPBlock               3

        type IPBlock
          cidr                        string                1
          except                      []string              2 list=atomic

        type NetworkPolicyPort
          protocol                    string                1 ptr
          port                        intstr                2
          endPort                     int32                 3 ptr

        package corepolicy io.k8s.api.core.v1 v1

        kind LimitRange
          metadata                    meta.ObjectMeta       1
          spec                        LimitRangeSpec        2

        type LimitRangeSpec
          limits                      []LimitRangeItem      1 list=atomic

        type LimitRangeItem
          type                        string                1
          max                         map[quantity]         2
          min                         map[quantity]         3
          default                     map[quantity]         4
          defaultRequest              map[quantity]         5
          maxLimitRequestRatio        map[quantity]         6

        kind ResourceQuota
          metadata                    meta.ObjectMeta       1
          spec                        ResourceQuotaSpec     2
          status                      ResourceQuotaStatus   3

        type ResourceQuotaSpec
          hard                        map[quantity]         1
          scopes                      []string              2 list=atomic
          scopeSelector               ScopeSelector         3

        type ScopeSelector
          matchExpressions            []ScopedResourceSelectorRequirement 1 list=atomic

        type ScopedResourceSelectorRequirement
          scopeName                   string                1
          operator                    string                2
          values                      []string              3 list=atomic

        type ResourceQuotaStatus
          hard                        map[quantity]         1
          used                        map[quantity]         2
        """;
}
