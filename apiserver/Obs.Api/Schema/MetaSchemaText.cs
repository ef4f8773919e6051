namespace Obs.Api.Schema;

/// <summary>
/// The schema language, and the apimachinery types every group uses.
/// <para>
/// The schema is text kept in C# raw strings so it ships inside the assembly without a build
/// step. One declaration or field per line; <c>#</c> starts a comment.
/// </para>
/// <code>
/// package core io.k8s.api.core.v1 v1      alias, OpenAPI name prefix, apiVersion of its kinds
/// kind Pod                                 a top-level object: gets apiVersion and kind fields
/// type LocalObjectReference atomic         a nested type; "atomic" = +structType=atomic
/// type EphemeralContainerCommon like Container   starts with a copy of another type's fields
///   name        string        1            json name, type, protobuf field number (0 = none)
///   ...         VolumeSource  2            an embedded struct: inline in JSON, nested in protobuf
///   ports       []ContainerPort 6 patch=merge key=containerPort list=map keys=containerPort,protocol
///   selector    map[string]   2 map=atomic
/// </code>
/// Types: <c>string int32 int64 bool double quantity intstr time microtime bytes</c>,
/// <c>rawjson</c> (RawExtension/FieldsV1: any JSON, protobuf <c>{1: raw}</c>), <c>object</c>
/// (free-form, not decoded from protobuf), a type name (same package) or <c>alias.Name</c>,
/// <c>[]X</c>, <c>map[X]</c> (string keys). Attributes mirror the Go tags and markers:
/// <c>patch=</c> (patchStrategy: merge, retainKeys, replace), <c>key=</c> (patchMergeKey),
/// <c>list=</c> (x-kubernetes-list-type), <c>keys=</c> (x-kubernetes-list-map-keys),
/// <c>map=atomic</c> or <c>map=granular</c> (x-kubernetes-map-type / structType on the field), <c>ptr</c> (the Go field is a pointer: protobuf
/// carries its zero value only when it was set).
/// </summary>
internal static class MetaSchemaText
{
    public const string Text = """
        package meta io.k8s.apimachinery.pkg.apis.meta.v1 v1

        type ObjectMeta
          name                        string                1
          generateName                string                2
          namespace                   string                3
          selfLink                    string                4
          uid                         string                5
          resourceVersion             string                6
          generation                  int64                 7
          creationTimestamp           time                  8
          deletionTimestamp           time                  9
          deletionGracePeriodSeconds  int64                 10 ptr
          labels                      map[string]           11
          annotations                 map[string]           12
          ownerReferences             []OwnerReference      13 patch=merge key=uid list=map keys=uid
          finalizers                  []string              14 patch=merge list=set
          managedFields               []ManagedFieldsEntry  17 list=atomic

        type OwnerReference atomic
          apiVersion                  string                5
          kind                        string                1
          name                        string                3
          uid                         string                4
          controller                  bool                  6 ptr
          blockOwnerDeletion          bool                  7 ptr

        type ManagedFieldsEntry
          manager                     string                1
          operation                   string                2
          apiVersion                  string                3
          time                        time                  4 ptr
          fieldsType                  string                6
          fieldsV1                    rawjson               7
          subresource                 string                8

        type LabelSelector atomic
          matchLabels                 map[string]           1
          matchExpressions            []LabelSelectorRequirement 2 list=atomic

        type LabelSelectorRequirement
          key                         string                1
          operator                    string                2
          values                      []string              3 list=atomic

        type ListMeta
          selfLink                    string                1
          resourceVersion             string                2
          continue                    string                3
          remainingItemCount          int64                 4 ptr

        type Condition
          type                        string                1
          status                      string                2
          observedGeneration          int64                 3
          lastTransitionTime          time                  4
          reason                      string                5
          message                     string                6

        kind Status
          metadata                    ListMeta              1
          status                      string                2
          message                     string                3
          reason                      string                4
          details                     StatusDetails         5
          code                        int32                 6

        type StatusDetails
          name                        string                1
          group                       string                2
          kind                        string                3
          uid                         string                6
          causes                      []StatusCause         4 list=atomic
          retryAfterSeconds           int32                 5

        type StatusCause
          reason                      string                1
          message                     string                2
          field                       string                3

        kind DeleteOptions
          gracePeriodSeconds          int64                 1 ptr
          preconditions               Preconditions         2
          orphanDependents            bool                  3 ptr
          propagationPolicy           string                4 ptr
          dryRun                      []string              5 list=atomic
          ignoreStoreReadErrorWithClusterBreakingPotential bool 6 ptr

        type Preconditions
          uid                         string                1
          resourceVersion             string                2

        package autoscalingv1 io.k8s.api.autoscaling.v1 autoscaling/v1

        kind Scale
          metadata                    meta.ObjectMeta       1
          spec                        ScaleSpec             2
          status                      ScaleStatus           3

        type ScaleSpec
          replicas                    int32                 1

        type ScaleStatus
          replicas                    int32                 1
          selector                    string                2

        # The HorizontalPodAutoscaler of autoscaling/v1, served beside v2 by conversion.
        kind HorizontalPodAutoscaler
          metadata                    meta.ObjectMeta       1
          spec                        HorizontalPodAutoscalerSpec 2
          status                      HorizontalPodAutoscalerStatus 3

        type HorizontalPodAutoscalerSpec
          scaleTargetRef              CrossVersionObjectReference 1
          minReplicas                 int32                 2 ptr
          maxReplicas                 int32                 3
          targetCPUUtilizationPercentage int32              4 ptr

        type CrossVersionObjectReference
          kind                        string                1
          name                        string                2
          apiVersion                  string                3

        type HorizontalPodAutoscalerStatus
          observedGeneration          int64                 1 ptr
          lastScaleTime               time                  2
          currentReplicas             int32                 3
          desiredReplicas             int32                 4
          currentCPUUtilizationPercentage int32             5 ptr
        """;
}
