namespace Obs.Api.Schema;

/// <summary>coordination, discovery, autoscaling/v2, policy, networking, storage and rbac.</summary>
internal static class OtherGroupsSchemaText
{
    public const string Text = """
        package coordination io.k8s.api.coordination.v1 coordination.k8s.io/v1

        kind Lease
          metadata                    meta.ObjectMeta       1
          spec                        LeaseSpec             2

        type LeaseSpec
          holderIdentity              string                1 ptr
          leaseDurationSeconds        int32                 2 ptr
          acquireTime                 microtime             3 ptr
          renewTime                   microtime             4 ptr
          leaseTransitions            int32                 5 ptr
          strategy                    string                6 ptr
          preferredHolder             string                7 ptr

        package discovery io.k8s.api.discovery.v1 discovery.k8s.io/v1

        kind EndpointSlice
          metadata                    meta.ObjectMeta       1
          addressType                 string                4
          endpoints                   []Endpoint            2 list=atomic
          ports                       []EndpointPort        3 list=atomic

        type Endpoint
          addresses                   []string              1 list=set
          conditions                  EndpointConditions    2
          hostname                    string                3 ptr
          targetRef                   core.ObjectReference  4
          deprecatedTopology          map[string]           5
          nodeName                    string                6 ptr
          zone                        string                7 ptr
          hints                       EndpointHints         8

        type EndpointConditions
          ready                       bool                  1 ptr
          serving                     bool                  2 ptr
          terminating                 bool                  3 ptr

        type EndpointHints
          forZones                    []ForZone             1 list=atomic
          forNodes                    []ForNode             2 list=atomic

        type ForZone
          name                        string                1

        type ForNode
          name                        string                1

        type EndpointPort atomic
          name                        string                1 ptr
          protocol                    string                2 ptr
          port                        int32                 3 ptr
          appProtocol                 string                4 ptr

        package autoscaling io.k8s.api.autoscaling.v2 autoscaling/v2

        kind HorizontalPodAutoscaler
          metadata                    meta.ObjectMeta       1
          spec                        HorizontalPodAutoscalerSpec 2
          status                      HorizontalPodAutoscalerStatus 3

        type HorizontalPodAutoscalerSpec
          scaleTargetRef              CrossVersionObjectReference 1
          minReplicas                 int32                 2 ptr
          maxReplicas                 int32                 3
          metrics                     []MetricSpec          4 list=atomic
          behavior                    HorizontalPodAutoscalerBehavior 5

        type CrossVersionObjectReference
          kind                        string                1
          name                        string                2
          apiVersion                  string                3

        type MetricSpec
          type                        string                1
          object                      ObjectMetricSource    2
          pods                        PodsMetricSource      3
          resource                    ResourceMetricSource  4
          containerResource           ContainerResourceMetricSource 7
          external                    ExternalMetricSource  5

        type ObjectMetricSource
          describedObject             CrossVersionObjectReference 1
          target                      MetricTarget          2
          metric                      MetricIdentifier      3

        type PodsMetricSource
          metric                      MetricIdentifier      1
          target                      MetricTarget          2

        type ResourceMetricSource
          name                        string                1
          target                      MetricTarget          2

        type ContainerResourceMetricSource
          name                        string                1
          target                      MetricTarget          2
          container                   string                3

        type ExternalMetricSource
          metric                      MetricIdentifier      1
          target                      MetricTarget          2

        type MetricIdentifier
          name                        string                1
          selector                    meta.LabelSelector    2

        type MetricTarget
          type                        string                1
          value                       quantity              2
          averageValue                quantity              3
          averageUtilization          int32                 4 ptr

        type HorizontalPodAutoscalerBehavior
          scaleUp                     HPAScalingRules       1
          scaleDown                   HPAScalingRules       2

        type HPAScalingRules
          stabilizationWindowSeconds  int32                 3 ptr
          selectPolicy                string                1 ptr
          policies                    []HPAScalingPolicy    2 list=atomic
          tolerance                   quantity              4

        type HPAScalingPolicy
          type                        string                1
          value                       int32                 2
          periodSeconds               int32                 3

        type HorizontalPodAutoscalerStatus
          observedGeneration          int64                 1 ptr
          lastScaleTime               time                  2
          currentReplicas             int32                 3
          desiredReplicas             int32                 4
          currentMetrics              []MetricStatus        5 list=atomic
          conditions                  []HorizontalPodAutoscalerCondition 6 patch=merge key=type list=map keys=type

        type MetricStatus
          type                        string                1
          object                      ObjectMetricStatus    2
          pods                        PodsMetricStatus      3
          resource                    ResourceMetricStatus  4
          containerResource           ContainerResourceMetricStatus 7
          external                    ExternalMetricStatus  5

        type ObjectMetricStatus
          metric                      MetricIdentifier      1
          current                     MetricValueStatus     2
          describedObject             CrossVersionObjectReference 3

        type PodsMetricStatus
          metric                      MetricIdentifier      1
          current                     MetricValueStatus     2

        type ResourceMetricStatus
          name                        string                1
          current                     MetricValueStatus     2

        type ContainerResourceMetricStatus
          name                        string                1
          current                     MetricValueStatus     2
          container                   string                3

        type ExternalMetricStatus
          metric                      MetricIdentifier      1
          current                     MetricValueStatus     2

        type MetricValueStatus
          value                       quantity              1
          averageValue                quantity              2
          averageUtilization          int32                 3 ptr

        type HorizontalPodAutoscalerCondition
          type                        string                1
          status                      string                2
          lastTransitionTime          time                  3
          reason                      string                4
          message                     string                5

        package policy io.k8s.api.policy.v1 policy/v1

        kind PodDisruptionBudget
          metadata                    meta.ObjectMeta       1
          spec                        PodDisruptionBudgetSpec 2
          status                      PodDisruptionBudgetStatus 3

        type PodDisruptionBudgetSpec
          minAvailable                intstr                1
          selector                    meta.LabelSelector    2 patch=replace
          maxUnavailable              intstr                3
          unhealthyPodEvictionPolicy  string                4 ptr

        type PodDisruptionBudgetStatus
          observedGeneration          int64                 1
          disruptedPods               map[time]             2
          disruptionsAllowed          int32                 3
          currentHealthy              int32                 4
          desiredHealthy              int32                 5
          expectedPods                int32                 6
          conditions                  []meta.Condition      7 patch=merge key=type list=map keys=type

        # What kubectl drain posts to pods/{name}/eviction; kubectl 1.32 sends it as protobuf.
        kind Eviction
          metadata                    meta.ObjectMeta       1
          deleteOptions               meta.DeleteOptions    2

        # Older clients still post policy/v1beta1 Evictions; nothing else of that version is served.
        package policyv1beta1 io.k8s.api.policy.v1beta1 policy/v1beta1

        kind Eviction
          metadata                    meta.ObjectMeta       1
          deleteOptions               meta.DeleteOptions    2

        # What kubectl create token and the node agent post to serviceaccounts/{name}/token; kubectl sends it as protobuf.
        package authentication io.k8s.api.authentication.v1 authentication.k8s.io/v1

        kind TokenRequest
          metadata                    meta.ObjectMeta       1
          spec                        TokenRequestSpec      2
          status                      TokenRequestStatus    3

        type TokenRequestSpec
          audiences                   []string              1 list=atomic
          expirationSeconds           int64                 4 ptr
          boundObjectRef              BoundObjectReference  3 ptr

        type BoundObjectReference
          kind                        string                1
          apiVersion                  string                2
          name                        string                3
          uid                         string                4

        type TokenRequestStatus
          token                       string                1
          expirationTimestamp         time                  2

        package networking io.k8s.api.networking.v1 networking.k8s.io/v1

        kind Ingress
          metadata                    meta.ObjectMeta       1
          spec                        IngressSpec           2
          status                      IngressStatus         3

        type IngressSpec
          ingressClassName            string                4 ptr
          defaultBackend              IngressBackend        1
          tls                         []IngressTLS          2 list=atomic
          rules                       []IngressRule         3 list=atomic

        type IngressBackend
          service                     IngressServiceBackend 4
          resource                    core.TypedLocalObjectReference 3

        type IngressServiceBackend
          name                        string                1
          port                        ServiceBackendPort    2

        type ServiceBackendPort
          name                        string                1
          number                      int32                 2

        type IngressTLS
          hosts                       []string              1 list=atomic
          secretName                  string                2

        type IngressRule
          host                        string                1
          ...                         IngressRuleValue      2

        type IngressRuleValue
          http                        HTTPIngressRuleValue  1

        type HTTPIngressRuleValue
          paths                       []HTTPIngressPath     1 list=atomic

        type HTTPIngressPath
          path                        string                1
          pathType                    string                3
          backend                     IngressBackend        2

        type IngressStatus
          loadBalancer                IngressLoadBalancerStatus 1

        type IngressLoadBalancerStatus
          ingress                     []IngressLoadBalancerIngress 1 list=atomic

        type IngressLoadBalancerIngress
          ip                          string                1
          hostname                    string                2
          ports                       []IngressPortStatus   4 list=atomic

        type IngressPortStatus
          port                        int32                 1
          protocol                    string                2
          error                       string                3 ptr

        kind IngressClass
          metadata                    meta.ObjectMeta       1
          spec                        IngressClassSpec      2

        type IngressClassSpec
          controller                  string                1
          parameters                  IngressClassParametersReference 2

        type IngressClassParametersReference
          apiGroup                    string                1 ptr
          kind                        string                2
          name                        string                3
          scope                       string                4 ptr
          namespace                   string                5 ptr

        package storage io.k8s.api.storage.v1 storage.k8s.io/v1

        kind StorageClass
          metadata                    meta.ObjectMeta       1
          provisioner                 string                2
          parameters                  map[string]           3
          reclaimPolicy               string                4 ptr
          mountOptions                []string              5 list=atomic
          allowVolumeExpansion        bool                  6 ptr
          volumeBindingMode           string                7 ptr
          allowedTopologies           []TopologySelectorTerm 8 list=atomic

        type TopologySelectorTerm atomic
          matchLabelExpressions       []TopologySelectorLabelRequirement 1 list=atomic

        type TopologySelectorLabelRequirement
          key                         string                1
          values                      []string              2 list=atomic

        package rbac io.k8s.api.rbac.v1 rbac.authorization.k8s.io/v1

        kind Role
          metadata                    meta.ObjectMeta       1
          rules                       []PolicyRule          2 list=atomic

        kind ClusterRole
          metadata                    meta.ObjectMeta       1
          rules                       []PolicyRule          2 list=atomic
          aggregationRule             AggregationRule       3

        type AggregationRule
          clusterRoleSelectors        []meta.LabelSelector  1 list=atomic

        type PolicyRule
          verbs                       []string              1 list=atomic
          apiGroups                   []string              2 list=atomic
          resources                   []string              3 list=atomic
          resourceNames               []string              4 list=atomic
          nonResourceURLs             []string              5 list=atomic

        kind RoleBinding
          metadata                    meta.ObjectMeta       1
          subjects                    []Subject             2 list=atomic
          roleRef                     RoleRef               3

        kind ClusterRoleBinding
          metadata                    meta.ObjectMeta       1
          subjects                    []Subject             2 list=atomic
          roleRef                     RoleRef               3

        type Subject atomic
          kind                        string                1
          apiGroup                    string                2
          name                        string                3
          namespace                   string                4

        type RoleRef atomic
          apiGroup                    string                1
          kind                        string                2
          name                        string                3
        """;
}
