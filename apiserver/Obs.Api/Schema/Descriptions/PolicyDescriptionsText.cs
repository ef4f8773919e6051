namespace Obs.Api.Schema.Descriptions;

/// <summary>What <c>kubectl explain</c> says of PriorityClass, NetworkPolicy, LimitRange and ResourceQuota (<see cref="PolicySchemaText"/>).</summary>
internal static class PolicyDescriptionsText
{
    public const string Text = """
        package scheduling

        PriorityClass: A named priority for pods. A pod that names the class in spec.priorityClassName gets its value
            as spec.priority when it is created; the scheduler places higher values first and may evict lower ones to
            make room. system-cluster-critical and system-node-critical always exist.
          value: The priority pods of this class get. Higher is more important; up to 1,000,000,000 for user classes.
              Cannot change.
          globalDefault: Whether pods that name no class get this one. At most one class may be the default.
          description: Free text: when to use this class.
          preemptionPolicy: PreemptLowerPriority (default), or Never: pods of this class wait rather than evict
              others. Cannot change.

        package networkpolicy

        NetworkPolicy: Which traffic may reach or leave the selected pods. Obs stores and validates policies but does
            not enforce them: pods share their node's network. Every write of one is answered with a warning saying so.
          spec: The pods the policy selects and the traffic it allows.

        NetworkPolicySpec: The pods a NetworkPolicy selects and the traffic it allows them.
          podSelector: The pods of the namespace the policy applies to; {} selects them all.
          ingress: Traffic allowed in. With Ingress in policyTypes and no rules, nothing is allowed in.
          egress: Traffic allowed out. With Egress in policyTypes and no rules, nothing is allowed out.
          policyTypes: Ingress, Egress or both. Defaults to Ingress, plus Egress when egress rules are given.

        NetworkPolicyIngressRule: Traffic allowed in: from any of the peers, to any of the ports.
          ports: The ports it may reach; none means all.
          from: Where it may come from; none means anywhere.

        NetworkPolicyEgressRule: Traffic allowed out: to any of the peers, on any of the ports.
          ports: The ports it may go to; none means all.
          to: Where it may go; none means anywhere.

        NetworkPolicyPeer: Pods, namespaces or an address range.
          podSelector: Pods by label, in this namespace or in those namespaceSelector picks.
          namespaceSelector: Namespaces by label; {} means every namespace.
          ipBlock: An address range, for traffic that is not from or to pods.

        IPBlock: A CIDR range, less some ranges inside it.
          cidr: The range, such as 10.0.0.0/8.
          except: Ranges inside cidr that are left out.

        NetworkPolicyPort: A port, or a range of ports.
          protocol: TCP (default), UDP or SCTP.
          port: A port number or a named container port; none means every port.
          endPort: With a numbered port, the last port of a range starting there.

        package corepolicy

        LimitRange: Defaults and bounds for the resources of the namespace's pods and claims: containers without
            requests or limits get the defaults when created, and pods or claims outside the bounds are refused.
          spec: The limits.

        LimitRangeSpec: The limits of a LimitRange.
          limits: One entry per kind of object: Container, Pod or PersistentVolumeClaim.

        LimitRangeItem: Defaults and bounds for one kind of object.
          type: Container, Pod (the sum of its containers) or PersistentVolumeClaim (its storage request).
          max: The most each resource may be (a limit, or a claim's request).
          min: The least each resource may be (a request).
          default: The limit a container gets when it sets none.
          defaultRequest: The request a container gets when it sets none; defaults to default.
          maxLimitRequestRatio: The most a limit may be as a multiple of its request.

        ResourceQuota: Caps on what the objects of the namespace may use together: how many of each kind, and the
            sum of their pods' requests and limits and claims' storage. A write that would go over is refused (403),
            and the usage it adds is counted at once; the quota controller recounts it as objects go.
          spec: The caps, and which pods they count.
          status: The caps in force and what is used of them.

        ResourceQuotaSpec: The caps of a ResourceQuota.
          hard: The most each resource may total in the namespace: object counts (pods, services,
              count/deployments.apps), requests.cpu, limits.memory, requests.storage and the like.
          scopes: Which pods count: all must match (Terminating, NotTerminating, BestEffort, NotBestEffort,
              PriorityClass, CrossNamespacePodAffinity). A scoped quota counts nothing but pods.
          scopeSelector: Scopes as expressions; PriorityClass may name classes with In or NotIn.

        ScopeSelector: Expressions that all must match for a pod to count.
          matchExpressions: The expressions.

        ScopedResourceSelectorRequirement: One scope with an operator.
          scopeName: The scope the expression is about.
          operator: In, NotIn, Exists or DoesNotExist; only PriorityClass takes anything but Exists.
          values: The priority class names, for In and NotIn.

        ResourceQuotaStatus: The caps in force and what the namespace uses of them.
          hard: The caps the quota controller last put in force (spec.hard).
          used: What the namespace's objects use of each cap.
        """;
}
