namespace Obs.Api.Quota;

/// <summary>
/// The resource names a ResourceQuota may constrain, as Kubernetes' quota helpers define them: the standard
/// names, hugepages, <c>count/&lt;resource&gt;[.&lt;group&gt;]</c>, per-class storage and extended <c>requests.</c> names
/// (the last three contain a slash and need only be qualified names), and which of them each scope allows.
/// </summary>
public static class QuotaResourceNames
{
    public const string Pods = "pods";
    public const string Services = "services";
    public const string NodePorts = "services.nodeports";
    public const string LoadBalancers = "services.loadbalancers";
    public const string Claims = "persistentvolumeclaims";
    public const string RequestsStorage = "requests.storage";
    public const string CountPrefix = "count/";
    public const string RequestsPrefix = "requests.";
    public const string LimitsPrefix = "limits.";
    public const string HugePagesPrefix = "hugepages-";
    public const string StorageClassSuffix = ".storageclass.storage.k8s.io/";

    private static readonly HashSet<string> Standard = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "ephemeral-storage",
        "requests.cpu", "requests.memory", "requests.storage", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage",
        Pods, "resourcequotas", Services, "replicationcontrollers", "secrets", Claims, "configmaps", NodePorts, LoadBalancers,
    };

    // The names that count objects: a fraction of one makes no sense.
    private static readonly HashSet<string> Integer = new(StringComparer.Ordinal)
    {
        Pods, Services, "replicationcontrollers", "resourcequotas", LoadBalancers, NodePorts, "secrets", "configmaps", Claims,
    };

    /// <summary>The compute resources a quota can only constrain if every container sets them (a rule Kubernetes keeps for compatibility).</summary>
    public static readonly string[] RequiredPerContainer = ["cpu", "limits.cpu", "limits.memory", "memory", "requests.cpu", "requests.memory"];

    private static readonly HashSet<string> PodCompute = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "limits.cpu", "limits.memory", "requests.cpu", "requests.memory",
    };

    public static readonly string[] Scopes = ["Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity"];

    /// <summary>A standard quota name (a name without a slash must be one).</summary>
    public static bool IsStandard(string name) =>
        Standard.Contains(name) || name.StartsWith(HugePagesPrefix, StringComparison.Ordinal) || name.StartsWith(RequestsPrefix + HugePagesPrefix, StringComparison.Ordinal);

    /// <summary>A standard resource name at all (quota names, and <c>storage</c>, which only a claim requests).</summary>
    public static bool IsStandardResource(string name) => IsStandard(name) || name == "storage";

    public static bool IsInteger(string name) => Integer.Contains(name);

    /// <summary>Whether a quota with <paramref name="scope"/> may constrain <paramref name="name"/>: scopes select pods, so only pod counts and compute; BestEffort pods request nothing, so only their count.</summary>
    public static bool ScopeAllows(string scope, string name) => scope switch
    {
        "BestEffort" => name == Pods,
        "Terminating" or "NotTerminating" or "NotBestEffort" or "PriorityClass" or "CrossNamespacePodAffinity" => name == Pods || PodCompute.Contains(name),
        _ => true,
    };

    /// <summary>The object-count name of a resource (<c>count/pods</c>, <c>count/deployments.apps</c>).</summary>
    public static string CountOf(string groupResource) => CountPrefix + groupResource;

    /// <summary>The per-class name of a claim resource (<c>gold.storageclass.storage.k8s.io/requests.storage</c>).</summary>
    public static string OfStorageClass(string storageClass, string name) => storageClass + StorageClassSuffix + name;
}
