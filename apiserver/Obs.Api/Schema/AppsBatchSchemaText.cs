namespace Obs.Api.Schema;

/// <summary>apps/v1 and batch/v1: the workload kinds.</summary>
internal static class AppsBatchSchemaText
{
    public const string Text = """
        package apps io.k8s.api.apps.v1 apps/v1

        # ---------------------------------------------------------------- Deployment
        kind Deployment
          metadata                    meta.ObjectMeta       1
          spec                        DeploymentSpec        2
          status                      DeploymentStatus      3

        type DeploymentSpec
          replicas                    int32                 1 ptr
          selector                    meta.LabelSelector    2
          template                    core.PodTemplateSpec  3
          strategy                    DeploymentStrategy    4 patch=retainKeys
          minReadySeconds             int32                 5
          revisionHistoryLimit        int32                 6 ptr
          paused                      bool                  7
          progressDeadlineSeconds     int32                 9 ptr

        type DeploymentStrategy
          type                        string                1
          rollingUpdate               RollingUpdateDeployment 2

        type RollingUpdateDeployment
          maxUnavailable              intstr                1
          maxSurge                    intstr                2

        type DeploymentStatus
          observedGeneration          int64                 1
          replicas                    int32                 2
          updatedReplicas             int32                 3
          readyReplicas               int32                 7
          availableReplicas           int32                 4
          unavailableReplicas         int32                 5
          terminatingReplicas         int32                 9 ptr
          conditions                  []DeploymentCondition 6 patch=merge key=type list=map keys=type
          collisionCount              int32                 8 ptr

        type DeploymentCondition
          type                        string                1
          status                      string                2
          lastUpdateTime              time                  6
          lastTransitionTime          time                  7
          reason                      string                4
          message                     string                5

        # ---------------------------------------------------------------- ReplicaSet
        kind ReplicaSet
          metadata                    meta.ObjectMeta       1
          spec                        ReplicaSetSpec        2
          status                      ReplicaSetStatus      3

        type ReplicaSetSpec
          replicas                    int32                 1 ptr
          minReadySeconds             int32                 4
          selector                    meta.LabelSelector    2
          template                    core.PodTemplateSpec  3

        type ReplicaSetStatus
          replicas                    int32                 1
          fullyLabeledReplicas        int32                 2
          readyReplicas               int32                 4
          availableReplicas           int32                 5
          terminatingReplicas         int32                 7 ptr
          observedGeneration          int64                 3
          conditions                  []ReplicaSetCondition 6 patch=merge key=type list=map keys=type

        type ReplicaSetCondition
          type                        string                1
          status                      string                2
          lastTransitionTime          time                  3
          reason                      string                4
          message                     string                5

        # ---------------------------------------------------------------- StatefulSet
        kind StatefulSet
          metadata                    meta.ObjectMeta       1
          spec                        StatefulSetSpec       2
          status                      StatefulSetStatus     3

        type StatefulSetSpec
          replicas                    int32                 1 ptr
          selector                    meta.LabelSelector    2
          template                    core.PodTemplateSpec  3
          volumeClaimTemplates        []core.PersistentVolumeClaim 4 list=atomic
          serviceName                 string                5
          podManagementPolicy         string                6
          updateStrategy              StatefulSetUpdateStrategy 7
          revisionHistoryLimit        int32                 8 ptr
          minReadySeconds             int32                 9
          persistentVolumeClaimRetentionPolicy StatefulSetPersistentVolumeClaimRetentionPolicy 10
          ordinals                    StatefulSetOrdinals   11

        type StatefulSetUpdateStrategy
          type                        string                1
          rollingUpdate               RollingUpdateStatefulSetStrategy 2

        type RollingUpdateStatefulSetStrategy
          partition                   int32                 1 ptr
          maxUnavailable              intstr                2

        type StatefulSetPersistentVolumeClaimRetentionPolicy
          whenDeleted                 string                1
          whenScaled                  string                2

        type StatefulSetOrdinals
          start                       int32                 1

        type StatefulSetStatus
          observedGeneration          int64                 1
          replicas                    int32                 2
          readyReplicas               int32                 3
          currentReplicas             int32                 4
          updatedReplicas             int32                 5
          currentRevision             string                6
          updateRevision              string                7
          collisionCount              int32                 9 ptr
          conditions                  []StatefulSetCondition 10 patch=merge key=type list=map keys=type
          availableReplicas           int32                 11

        type StatefulSetCondition
          type                        string                1
          status                      string                2
          lastTransitionTime          time                  3
          reason                      string                4
          message                     string                5

        # ---------------------------------------------------------------- DaemonSet
        kind DaemonSet
          metadata                    meta.ObjectMeta       1
          spec                        DaemonSetSpec         2
          status                      DaemonSetStatus       3

        type DaemonSetSpec
          selector                    meta.LabelSelector    1
          template                    core.PodTemplateSpec  2
          updateStrategy              DaemonSetUpdateStrategy 3
          minReadySeconds             int32                 4
          revisionHistoryLimit        int32                 6 ptr

        type DaemonSetUpdateStrategy
          type                        string                1
          rollingUpdate               RollingUpdateDaemonSet 2

        type RollingUpdateDaemonSet
          maxUnavailable              intstr                1
          maxSurge                    intstr                2

        type DaemonSetStatus
          currentNumberScheduled      int32                 1
          numberMisscheduled          int32                 2
          desiredNumberScheduled      int32                 3
          numberReady                 int32                 4
          observedGeneration          int64                 5
          updatedNumberScheduled      int32                 6
          numberAvailable             int32                 7
          numberUnavailable           int32                 8
          collisionCount              int32                 9 ptr
          conditions                  []DaemonSetCondition  10 patch=merge key=type list=map keys=type

        type DaemonSetCondition
          type                        string                1
          status                      string                2
          lastTransitionTime          time                  3
          reason                      string                4
          message                     string                5

        # ---------------------------------------------------------------- ControllerRevision
        kind ControllerRevision
          metadata                    meta.ObjectMeta       1
          data                        rawjson               2
          revision                    int64                 3

        package batch io.k8s.api.batch.v1 batch/v1

        # ---------------------------------------------------------------- Job
        kind Job
          metadata                    meta.ObjectMeta       1
          spec                        JobSpec               2
          status                      JobStatus             3

        type JobSpec
          parallelism                 int32                 1 ptr
          completions                 int32                 2 ptr
          activeDeadlineSeconds       int64                 3 ptr
          podFailurePolicy            PodFailurePolicy      11
          successPolicy               SuccessPolicy         16
          backoffLimit                int32                 7 ptr
          backoffLimitPerIndex        int32                 12 ptr
          maxFailedIndexes            int32                 13 ptr
          selector                    meta.LabelSelector    4
          manualSelector              bool                  5 ptr
          template                    core.PodTemplateSpec  6
          ttlSecondsAfterFinished     int32                 8 ptr
          completionMode              string                9 ptr
          suspend                     bool                  10 ptr
          podReplacementPolicy        string                14 ptr
          managedBy                   string                15 ptr

        type PodFailurePolicy
          rules                       []PodFailurePolicyRule 1 list=atomic

        type PodFailurePolicyRule
          action                      string                1
          onExitCodes                 PodFailurePolicyOnExitCodesRequirement 2
          onPodConditions             []PodFailurePolicyOnPodConditionsPattern 3 list=atomic

        type PodFailurePolicyOnExitCodesRequirement
          containerName               string                1 ptr
          operator                    string                2
          values                      []int32               3 list=set

        type PodFailurePolicyOnPodConditionsPattern
          type                        string                1
          status                      string                2

        type SuccessPolicy
          rules                       []SuccessPolicyRule   1 list=atomic

        type SuccessPolicyRule
          succeededIndexes            string                1 ptr
          succeededCount              int32                 2 ptr

        type JobStatus
          conditions                  []JobCondition        1 patch=merge key=type list=atomic
          startTime                   time                  2
          completionTime              time                  3
          active                      int32                 4
          succeeded                   int32                 5
          failed                      int32                 6
          terminating                 int32                 11 ptr
          completedIndexes            string                7
          failedIndexes               string                10 ptr
          uncountedTerminatedPods     UncountedTerminatedPods 8
          ready                       int32                 9 ptr

        type JobCondition
          type                        string                1
          status                      string                2
          lastProbeTime               time                  3
          lastTransitionTime          time                  4
          reason                      string                5
          message                     string                6

        type UncountedTerminatedPods
          succeeded                   []string              1 list=set
          failed                      []string              2 list=set

        # ---------------------------------------------------------------- CronJob
        kind CronJob
          metadata                    meta.ObjectMeta       1
          spec                        CronJobSpec           2
          status                      CronJobStatus         3

        type CronJobSpec
          schedule                    string                1
          timeZone                    string                8 ptr
          startingDeadlineSeconds     int64                 2 ptr
          concurrencyPolicy           string                3
          suspend                     bool                  4 ptr
          jobTemplate                 JobTemplateSpec       5
          successfulJobsHistoryLimit  int32                 6 ptr
          failedJobsHistoryLimit      int32                 7 ptr

        type JobTemplateSpec
          metadata                    meta.ObjectMeta       1
          spec                        JobSpec               2

        type CronJobStatus
          active                      []core.ObjectReference 1 list=atomic
          lastScheduleTime            time                  4
          lastSuccessfulTime          time                  5
        """;
}
