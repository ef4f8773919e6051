namespace Obs.Api.Schema.Descriptions;

/// <summary>What <c>kubectl explain</c> says of the apps/v1 kinds.</summary>
internal static class AppsDescriptionsText
{
    public const string Text = """
        package apps

        Deployment: Keeps a number of identical pods running from one template, and rolls changes of the template out
            gradually through ReplicaSets, one per version of the template, so that a rollout can be paused or undone.
          spec: The pods wanted and how to roll out changes to them.
          status: How far the controller has got: replicas by state and the rollout's conditions.

        DeploymentSpec: The pods a Deployment keeps and how it changes them.
          replicas: How many pods to run. Default 1. kubectl scale and a HorizontalPodAutoscaler change it.
          selector: The labels that identify this Deployment's pods. Must match the template's labels; cannot be changed.
          template: The pod every replica is made from. Changing it starts a rollout.
          strategy: How the Deployment replaces old pods with new ones when the pod template changes.
          minReadySeconds: Seconds a new pod must stay ready before it counts as available. Default 0.
          revisionHistoryLimit: How many old ReplicaSets to keep for kubectl rollout undo. Default 10.
          paused: While true, template changes start no rollout; kubectl rollout pause and resume set it.
          progressDeadlineSeconds: Seconds a rollout may go without progress before the Progressing condition turns False
              with ProgressDeadlineExceeded. Nothing is rolled back. Default 600.

        DeploymentStrategy: How a rollout replaces pods.
          type: RollingUpdate (the default): replace pods a few at a time, within rollingUpdate's bounds, so the
              Deployment keeps serving. Recreate: stop every old pod before starting new ones.
          rollingUpdate: The bounds of a RollingUpdate. Only with type RollingUpdate.

        RollingUpdateDeployment: How fast a rolling update goes.
          maxUnavailable: How many of the wanted pods may be unavailable during the update, as a number or a percentage
              of replicas (rounded down). Default 25%. Cannot be 0 when maxSurge is 0.
          maxSurge: How many pods may run above replicas during the update, as a number or a percentage of replicas
              (rounded up). Default 25%.

        DeploymentStatus: What the Deployment controller last saw.
          observedGeneration: The metadata.generation this status reflects; older than generation while the change is
              not yet acted on.
          replicas: Pods of every version that are not terminating.
          updatedReplicas: Pods made from the current template.
          readyReplicas: Pods whose Ready condition is true.
          availableReplicas: Pods ready for at least minReadySeconds.
          unavailableReplicas: Pods still missing to reach replicas available.
          terminatingReplicas: Pods being deleted.
          conditions: Available (enough pods are available) and Progressing (the rollout moves, or is complete).
          collisionCount: Raised when the name of a new ReplicaSet would clash; part of the name's hash.

        DeploymentCondition: One aspect of a Deployment's state.
          type: Available, Progressing or ReplicaFailure.
          status: True, False or Unknown.
          reason: Why, as a CamelCase word: NewReplicaSetAvailable, ProgressDeadlineExceeded...
          message: Why, for people.
          lastUpdateTime: When the condition was last written.
          lastTransitionTime: When status last changed.

        ReplicaSet: Keeps a number of identical pods running, making and deleting pods to match. Usually owned by a
            Deployment, one per version of its template; change the Deployment rather than its ReplicaSets.
          spec: The pods wanted.
          status: The pods the controller counts.

        ReplicaSetSpec: The pods a ReplicaSet keeps.
          replicas: How many pods to run. Default 1.
          selector: The labels of the pods it counts as its own. Must match the template's labels.
          template: The pod new replicas are made from. Pods already running are not changed.
          minReadySeconds: Seconds a new pod must stay ready before it counts as available.

        ReplicaSetStatus: What the ReplicaSet controller last saw.
          replicas: Pods it owns that are not terminating.
          readyReplicas: Of those, the ready ones.
          availableReplicas: Pods ready for at least minReadySeconds.
          fullyLabeledReplicas: Pods that carry every label of the template.
          observedGeneration: The metadata.generation this status reflects.

        StatefulSet: Runs pods with stable identities: names with an ordinal (web-0, web-1...), their own
            PersistentVolumeClaims that follow them, and DNS names through a headless Service. Pods are made, replaced
            and removed in order.
          spec: The pods wanted, their storage and how to update them.
          status: The pods the controller counts, by revision.

        StatefulSetSpec: The pods of a StatefulSet and how they change.
          replicas: How many pods, numbered from 0. Default 1.
          selector: The labels of its pods. Must match the template's labels.
          template: The pod each ordinal is made from.
          serviceName: The headless Service that gives each pod the DNS name {pod}.{serviceName}.
          volumeClaimTemplates: Claims made for each pod (named {template}-{pod}) and mounted as volumes of the same name.
              They are kept when the pod is replaced.
          podManagementPolicy: OrderedReady (the default: one pod at a time, each after the one before is ready) or
              Parallel (all at once).
          updateStrategy: How pods are replaced when the template changes.
          revisionHistoryLimit: How many old revisions to keep. Default 10.
          minReadySeconds: Seconds a new pod must stay ready before it counts as available.
          persistentVolumeClaimRetentionPolicy: Whether the pods' claims are deleted when the StatefulSet is deleted or scaled down.

        StatefulSetUpdateStrategy: How a StatefulSet replaces pods.
          type: RollingUpdate (the default): replace pods from the highest ordinal down, each once the one before is
              ready. OnDelete: replace a pod only when you delete it.
          rollingUpdate: The bounds of a RollingUpdate.

        RollingUpdateStatefulSetStrategy: The bounds of a StatefulSet's rolling update.
          partition: Only pods with an ordinal at or above this are updated; the rest keep the old template. Default 0.
          maxUnavailable: How many pods may be unavailable during the update. Default 1.

        StatefulSetPersistentVolumeClaimRetentionPolicy: What becomes of the claims of a StatefulSet's pods.
          whenDeleted: Retain (the default) or Delete, when the StatefulSet is deleted.
          whenScaled: Retain (the default) or Delete, for pods removed by scaling down.

        StatefulSetStatus: What the StatefulSet controller last saw.
          replicas: Pods it owns.
          readyReplicas: Of those, the ready ones.
          availableReplicas: Pods ready for at least minReadySeconds.
          currentReplicas: Pods of currentRevision.
          updatedReplicas: Pods of updateRevision.
          currentRevision: The revision pods below the update are at.
          updateRevision: The revision of the current template.
          observedGeneration: The metadata.generation this status reflects.

        DaemonSet: Runs one copy of a pod on every node that fits its selector and tolerations, adding pods as nodes join
            and removing them as nodes leave.
          spec: The pod to run on each node and how to update it.
          status: How many nodes run it, and how many should.

        DaemonSetSpec: The pod a DaemonSet runs on each node.
          selector: The labels of its pods. Must match the template's labels.
          template: The pod run on each node. Its nodeSelector and affinity pick the nodes.
          updateStrategy: How pods are replaced when the template changes.
          minReadySeconds: Seconds a new pod must stay ready before it counts as available.
          revisionHistoryLimit: How many old revisions to keep. Default 10.

        DaemonSetUpdateStrategy: How a DaemonSet replaces pods.
          type: RollingUpdate (the default): replace pods node by node within rollingUpdate's bounds. OnDelete: replace
              a pod only when you delete it.
          rollingUpdate: The bounds of a RollingUpdate.

        RollingUpdateDaemonSet: How fast a DaemonSet's rolling update goes.
          maxUnavailable: How many nodes may be without an available pod during the update. Default 1.
          maxSurge: How many nodes may run an old and a new pod at once during the update. Default 0.

        DaemonSetStatus: What the DaemonSet controller last saw.
          desiredNumberScheduled: Nodes that should run the pod.
          currentNumberScheduled: Nodes that run it.
          updatedNumberScheduled: Nodes that run the current template.
          numberReady: Nodes whose pod is ready.
          numberAvailable: Nodes whose pod is available.
          numberUnavailable: Nodes that should run an available pod and do not.
          numberMisscheduled: Nodes that run it but should not.
          observedGeneration: The metadata.generation this status reflects.

        ControllerRevision: A saved version of a StatefulSet's or DaemonSet's template, for rollout history and undo.
          data: The saved template.
          revision: The revision number, increasing.
        """;
}
