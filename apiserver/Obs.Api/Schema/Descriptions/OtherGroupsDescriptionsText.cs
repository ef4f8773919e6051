namespace Obs.Api.Schema.Descriptions;

/// <summary>What <c>kubectl explain</c> says of the smaller groups: coordination, policy, storage, rbac, authentication, autoscaling/v1.</summary>
internal static class OtherGroupsDescriptionsText
{
    public const string Text = """
        package coordination

        Lease: A lock with an expiry, held by one party at a time. Node agents renew one each in kube-node-lease as a
            heartbeat; apiservers and controllers hold them in kube-system to elect a leader.
          spec: Who holds the lease and until when.

        LeaseSpec: The holder of a lease and its timing.
          holderIdentity: Who holds the lease now.
          leaseDurationSeconds: Seconds the lease lasts after renewTime; others may take it once they pass.
          acquireTime: When the holder took the lease.
          renewTime: When the holder last renewed it.
          leaseTransitions: How many times the lease changed hands.

        package policy

        PodDisruptionBudget: A limit on how many pods matching a selector may be down at once because of voluntary
            disruptions: evictions, such as kubectl drain makes. Deleting a pod directly ignores it.
          spec: The pods covered and how many must stay up.
          status: How many pods are healthy and how many may be evicted now.

        PodDisruptionBudgetSpec: The pods a budget covers and how many must stay up. Set minAvailable or maxUnavailable.
          selector: The labels of the pods covered.
          minAvailable: How many covered pods must stay healthy, as a number or a percentage.
          maxUnavailable: How many covered pods may be unhealthy or evicted, as a number or a percentage.
          unhealthyPodEvictionPolicy: IfHealthyBudget (the default: unhealthy pods may be evicted only while the budget
              holds) or AlwaysAllow.

        PodDisruptionBudgetStatus: What the disruption controller last counted.
          disruptionsAllowed: How many pods may be evicted now. An eviction beyond it gets 429 Too Many Requests.
          currentHealthy: Covered pods that are ready.
          desiredHealthy: The fewest healthy pods the budget allows.
          expectedPods: Covered pods counted.

        Eviction: A request to delete a pod that honours its PodDisruptionBudgets, sent to the pod's eviction subresource.
          deleteOptions: How the pod is deleted.

        package storage

        StorageClass: A kind of storage that claims ask for by name, and the provisioner that makes volumes of that kind.
            Obs's local-path class makes directories on the node that runs the pod.
          provisioner: The provisioner that makes volumes, such as obs.dev/local-path.
          parameters: Settings for the provisioner.
          reclaimPolicy: What happens to a volume made for a claim when the claim is deleted: Delete (the default) or Retain.
          volumeBindingMode: Immediate (bind when the claim is made) or WaitForFirstConsumer (when a pod using it is
              scheduled, so the volume is made on that pod's node).
          allowVolumeExpansion: Whether claims of this class may grow.

        package rbac

        Role: A set of permissions within one namespace. Stored and served; Obs does not enforce authorization yet.
          rules: What the role allows.

        ClusterRole: A set of permissions across the cluster, or for resources without a namespace. Stored and served;
            Obs does not enforce authorization yet.
          rules: What the role allows.
          aggregationRule: Build the rules from the ClusterRoles matching these selectors.

        PolicyRule: Verbs allowed on some resources.
          verbs: get, list, watch, create, update, patch, delete, deletecollection, or * for all.
          apiGroups: The API groups of the resources; "" is the core group.
          resources: The resources, such as pods or deployments/scale.
          resourceNames: Only objects of these names.
          nonResourceURLs: Paths outside the resources, such as /healthz, for ClusterRoles.

        RoleBinding: Grants a Role's or ClusterRole's permissions to users, groups or service accounts, within the
            binding's namespace.
          subjects: Who gets the permissions.
          roleRef: The role granted. Cannot be changed.

        ClusterRoleBinding: Grants a ClusterRole's permissions to users, groups or service accounts, across the cluster.
          subjects: Who gets the permissions.
          roleRef: The ClusterRole granted. Cannot be changed.

        Subject: Who a binding grants permissions to.
          kind: User, Group or ServiceAccount.
          name: The subject's name.
          namespace: The service account's namespace.
          apiGroup: rbac.authorization.k8s.io for User and Group; empty for ServiceAccount.

        RoleRef: The role a binding grants.
          kind: Role or ClusterRole.
          name: The role's name.
          apiGroup: rbac.authorization.k8s.io.

        package authentication

        TokenRequest: A request for a service account token, sent to the account's token subresource
            (kubectl create token).
          spec: The audiences, lifetime and binding of the token.
          status: The token and when it expires.

        TokenRequestSpec: The token asked for.
          audiences: Who the token is meant for. Default: the apiserver.
          expirationSeconds: How long the token lasts, in seconds; at least 600.
          boundObjectRef: A pod the token is bound to: it stops working when that pod is deleted.

        package autoscalingv1

        HorizontalPodAutoscaler: The older form of the autoscaling/v2 HorizontalPodAutoscaler, with a CPU target only
            (kubectl autoscale writes it). Served by conversion: both versions are the same objects.
          spec: What to scale, within which bounds, at which CPU use.
          status: The replica counts and the CPU use last measured.

        HorizontalPodAutoscalerSpec: What the autoscaler scales and at what CPU use.
          scaleTargetRef: The object to scale.
          minReplicas: The fewest replicas to scale down to. Default 1.
          maxReplicas: The most replicas to scale up to.
          targetCPUUtilizationPercentage: The average CPU use to keep, in percent of the pods' requests. Default 80.
        """;
}
