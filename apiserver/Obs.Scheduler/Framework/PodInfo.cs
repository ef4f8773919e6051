using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;

namespace Obs.Scheduler.Framework;

/// <summary>
/// A pod as the scheduler needs it, read once per version of the pod: its requests, ports,
/// tolerations and affinities, so that filters run over thousands of nodes without re-reading JSON.
/// It is also all the scheduler keeps of a pod (its pod informer stores these, not the JSON): with
/// 50,000 pods, each kept as even a compact JSON tree cost more than this whole record.
/// </summary>
public sealed class PodInfo
{
    // Kubernetes scores a pod that requests nothing as if it asked for this much, so that such
    // pods still spread out (pkg/scheduler/util: DefaultMilliCPURequest, DefaultMemoryRequest).
    public const long DefaultMilliCpuRequest = 100;
    public const long DefaultMemoryRequest = 200L * 1024 * 1024;

    private static readonly IReadOnlyList<AffinityTerm> NoTerms = [];

    /// <summary>Reads <paramref name="pod"/> without changing it or keeping any part of it.</summary>
    public PodInfo(JsonObject pod)
    {
        var spec = pod["spec"] as JsonObject;
        // Hashed before the fields below are read, while the parsed object still writes out its own text.
        Fingerprint = SchedulingFingerprint.Of(spec, pod.At("metadata", "labels"), pod.At("metadata", "annotations"));
        // Strings many pods repeat are shared (SharedValues): with 50,000 pods each copy adds up.
        Namespace = SharedValues.Pods.Share(ObjectMeta.Namespace(pod) ?? "default");
        Name = ObjectMeta.Name(pod) ?? "";
        Key = Namespace + "/" + Name;
        Uid = ObjectMeta.Uid(pod) ?? "";
        ResourceVersion = ObjectMeta.ResourceVersion(pod);
        NodeName = pod.StringAt("spec", "nodeName") is { } nodeName ? SharedValues.Pods.Share(nodeName) : "";
        SchedulerName = pod.StringAt("spec", "schedulerName") is { Length: > 0 } s ? SharedValues.Pods.Share(s) : "default-scheduler";
        Priority = (int)(pod.LongAt("spec", "priority") ?? 0);
        PreemptionPolicy = pod.StringAt("spec", "preemptionPolicy") is { } policy ? SharedValues.Pods.Share(policy) : "PreemptLowerPriority";
        NominatedNodeName = pod.StringAt("status", "nominatedNodeName") ?? "";
        UnschedulableMessage = ReadUnschedulableMessage(pod);
        IsTerminating = ObjectMeta.DeletionTimestamp(pod) is not null;
        var phase = pod.StringAt("status", "phase");
        IsFinished = phase is "Succeeded" or "Failed";
        Labels = SharedValues.Pods.Share(ObjectMeta.Labels(pod));

        IsGated = spec?["schedulingGates"] is JsonArray { Count: > 0 };
        Requests = ComputeRequests(spec, out var nonZero);
        NonZeroRequests = nonZero;
        HostPorts = ReadHostPorts(spec);
        Tolerations = spec?["tolerations"] is JsonArray tolerations ? SharedValues.Pods.ShareTolerations(tolerations.Select(Toleration.FromJson)) : [];
        NodeSelector = spec?["nodeSelector"] is JsonObject selector ? SharedValues.Pods.Share(selector.StringMap()) : null;
        var nodeAffinity = spec.At("affinity", "nodeAffinity");
        // Copied out of the pod's tree: held in place, they would keep all of it.
        RequiredNodeTerms = nodeAffinity.At("requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")?.DeepClone() as JsonArray;
        PreferredNodeTerms = nodeAffinity.At("preferredDuringSchedulingIgnoredDuringExecution")?.DeepClone() as JsonArray;

        var podAffinity = spec.At("affinity", "podAffinity");
        var podAntiAffinity = spec.At("affinity", "podAntiAffinity");
        RequiredAffinity = Required(podAffinity);
        RequiredAntiAffinity = Required(podAntiAffinity);
        PreferredAffinity = Preferred(podAffinity);
        PreferredAntiAffinity = Preferred(podAntiAffinity);
        SpreadConstraints = spec?["topologySpreadConstraints"] is JsonArray spread ? spread.Select(SpreadConstraint.FromJson).ToArray() : [];
        ClaimNames = ReadClaimNames(spec);
    }

    public string Namespace { get; }
    public string Name { get; }

    /// <summary>namespace/name, the queue's and the cache's key.</summary>
    public string Key { get; }

    public string Uid { get; }
    public string? ResourceVersion { get; }
    public string NodeName { get; }
    public string SchedulerName { get; }
    public int Priority { get; }

    /// <summary>spec.preemptionPolicy: <c>Never</c> keeps the pod from preempting others.</summary>
    public string PreemptionPolicy { get; }

    /// <summary>status.nominatedNodeName: where pods were preempted for it; empty when none.</summary>
    public string NominatedNodeName { get; }

    /// <summary>The message of a PodScheduled=False condition with reason Unschedulable, which the scheduler wrote; null when there is none.</summary>
    public string? UnschedulableMessage { get; }

    /// <summary>
    /// Tells versions of the pod apart by what scheduling reads (spec, labels, annotations): two
    /// versions with the same one differ only in status or metadata the scheduler does not read.
    /// </summary>
    public UInt128 Fingerprint { get; }

    /// <summary>The PersistentVolumeClaims the pod's volumes name.</summary>
    public IReadOnlyList<string> ClaimNames { get; }
    public bool IsTerminating { get; }

    /// <summary>spec.schedulingGates is not empty: the pod is not to be scheduled until they are all removed.</summary>
    public bool IsGated { get; }
    public bool IsFinished { get; }
    /// <summary>Shared with other pods that have the same labels (<see cref="SharedValues"/>): never to be changed.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>What the pod reserves on a node, with Pods = 1.</summary>
    public ResourceSet Requests { get; }

    /// <summary>As <see cref="Requests"/>, but a container asking no cpu or memory counts the defaults: used by the scores only.</summary>
    public ResourceSet NonZeroRequests { get; }

    public IReadOnlyList<HostPort> HostPorts { get; }
    public IReadOnlyList<Toleration> Tolerations { get; }
    public IReadOnlyDictionary<string, string>? NodeSelector { get; }
    public JsonArray? RequiredNodeTerms { get; }
    public JsonArray? PreferredNodeTerms { get; }
    public IReadOnlyList<AffinityTerm> RequiredAffinity { get; }
    public IReadOnlyList<AffinityTerm> RequiredAntiAffinity { get; }
    public IReadOnlyList<AffinityTerm> PreferredAffinity { get; }
    public IReadOnlyList<AffinityTerm> PreferredAntiAffinity { get; }
    public IReadOnlyList<SpreadConstraint> SpreadConstraints { get; }

    public bool HasPodAffinity =>
        RequiredAffinity.Count > 0 || RequiredAntiAffinity.Count > 0 || PreferredAffinity.Count > 0 || PreferredAntiAffinity.Count > 0;

    private IReadOnlyList<AffinityTerm> Required(JsonNode? affinity) =>
        affinity.At("requiredDuringSchedulingIgnoredDuringExecution") is JsonArray terms
            ? terms.Select(t => AffinityTerm.FromJson(t, Namespace, 1)).ToArray()
            : NoTerms;

    private IReadOnlyList<AffinityTerm> Preferred(JsonNode? affinity) =>
        affinity.At("preferredDuringSchedulingIgnoredDuringExecution") is JsonArray terms
            ? terms.Select(t => AffinityTerm.FromJson(t.At("podAffinityTerm"), Namespace, (int)(t.LongAt("weight") ?? 0))).ToArray()
            : NoTerms;

    /// <summary>
    /// Sum of the containers' requests, or the largest init container's if that is more (init
    /// containers run one at a time, before the others), plus the pod overhead. A container with
    /// limits but no requests requests its limits, as API defaulting would make it.
    /// </summary>
    private static ResourceSet ComputeRequests(JsonObject? spec, out ResourceSet nonZero)
    {
        ResourceSet sum = default, sumNonZero = default;
        if (spec?["containers"] is JsonArray containers)
        {
            foreach (var container in containers)
            {
                var r = ContainerRequests(container);
                sum += r;
                sumNonZero += WithDefaults(r);
            }
        }
        ResourceSet initMax = default, initMaxNonZero = default;
        if (spec?["initContainers"] is JsonArray inits)
        {
            foreach (var container in inits)
            {
                var r = ContainerRequests(container);
                initMax = ResourceSet.Max(initMax, r);
                initMaxNonZero = ResourceSet.Max(initMaxNonZero, WithDefaults(r));
            }
        }
        var overhead = ResourceLists.Read(spec?["overhead"]) with { Pods = 0 };
        var one = new ResourceSet(0, 0, 0, 1);
        nonZero = ResourceSet.Max(sumNonZero, initMaxNonZero) + overhead + one;
        return ResourceSet.Max(sum, initMax) + overhead + one;
    }

    private static ResourceSet ContainerRequests(JsonNode? container)
    {
        var requests = container.At("resources", "requests") as JsonObject;
        var limits = container.At("resources", "limits") as JsonObject;
        return new ResourceSet(
            Read(requests, limits, "cpu", milli: true),
            Read(requests, limits, "memory", milli: false),
            Read(requests, limits, "ephemeral-storage", milli: false),
            0);
    }

    private static long Read(JsonObject? requests, JsonObject? limits, string name, bool milli)
    {
        var node = requests?[name] ?? limits?[name];
        if (node is null || !Quantity.TryFromJson(node, out var q, out _)) return 0;
        return milli ? q.MilliValue : q.Value;
    }

    private static ResourceSet WithDefaults(ResourceSet r) => r with
    {
        MilliCpu = r.MilliCpu == 0 ? DefaultMilliCpuRequest : r.MilliCpu,
        Memory = r.Memory == 0 ? DefaultMemoryRequest : r.Memory,
    };

    private static string? ReadUnschedulableMessage(JsonObject pod)
    {
        if (pod.At("status", "conditions") is not JsonArray conditions) return null;
        foreach (var condition in conditions)
        {
            if (condition.StringAt("type") != "PodScheduled") continue;
            if (condition.StringAt("status") != "False" || condition.StringAt("reason") != "Unschedulable") return null;
            // Pods that fit nowhere for the same reason carry the same message.
            return SharedValues.Pods.Share(condition.StringAt("message") ?? "");
        }
        return null;
    }

    private static IReadOnlyList<string> ReadClaimNames(JsonObject? spec)
    {
        if (spec?["volumes"] is not JsonArray volumes) return [];
        List<string>? names = null;
        foreach (var volume in volumes)
            if (volume.StringAt("persistentVolumeClaim", "claimName") is { Length: > 0 } claim) (names ??= []).Add(claim);
        // Not `names is null ? [] : names`: typed by the List, that [] is a new empty List for every pod.
        return (IReadOnlyList<string>?)names ?? [];
    }

    private static IReadOnlyList<HostPort> ReadHostPorts(JsonObject? spec)
    {
        List<HostPort>? ports = null;
        foreach (var list in new[] { spec?["containers"], spec?["initContainers"] })
        {
            if (list is not JsonArray containers) continue;
            foreach (var container in containers)
            {
                if (container.At("ports") is not JsonArray declared) continue;
                foreach (var port in declared)
                {
                    if (port.LongAt("hostPort") is not { } hostPort || hostPort <= 0) continue;
                    ports ??= [];
                    ports.Add(new HostPort(port.StringAt("hostIP") is { Length: > 0 } ip ? ip : HostPort.AnyIp,
                        port.StringAt("protocol") is { Length: > 0 } protocol ? protocol : "TCP", (int)hostPort));
                }
            }
        }
        return (IReadOnlyList<HostPort>?)ports ?? [];
    }
}
