using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Defaults;

/// <summary>core/v1 defaults other than pods (those are in <see cref="PodDefaults"/>).</summary>
internal static class CoreDefaults
{
    public static void Namespace(JsonObject obj)
    {
        // Every namespace carries its own name as a label, so selectors can pick namespaces by name.
        if (ObjectMeta.Name(obj) is { Length: > 0 } name) obj.Ensure("metadata", "labels")["kubernetes.io/metadata.name"] = name;
        // The registry adds the finalizer on create; on update the server keeps the stored finalizers.
        DefaultFields.Pointer(obj.Ensure("spec"), "finalizers", new JsonArray("kubernetes"));
        DefaultFields.String(obj.Ensure("status"), "phase", "Active");
    }

    public static void Secret(JsonObject obj) => DefaultFields.String(obj, "type", "Opaque");

    /// <summary>
    /// core/v1 Events have no SetDefaults, but the Go type always writes the reporting fields
    /// (no omitempty), so <c>kubectl get events -o yaml</c> shows them as "".
    /// </summary>
    public static void Event(JsonObject obj)
    {
        DefaultFields.Pointer(obj, "reportingComponent", "");
        DefaultFields.Pointer(obj, "reportingInstance", "");
    }

    public static void PersistentVolume(JsonObject obj)
    {
        DefaultFields.String(obj.Ensure("status"), "phase", "Pending");
        var spec = obj.Ensure("spec");
        DefaultFields.String(spec, "persistentVolumeReclaimPolicy", "Retain");
        DefaultFields.Pointer(spec, "volumeMode", "Filesystem");
        if (DefaultFields.Child(spec, "hostPath") is { } hostPath) DefaultFields.Pointer(hostPath, "type", "");
    }

    public static void PersistentVolumeClaim(JsonObject obj)
    {
        DefaultFields.String(obj.Ensure("status"), "phase", "Pending");
        ApplyPersistentVolumeClaimSpec(obj.Ensure("spec"));
    }

    public static void ApplyPersistentVolumeClaimSpec(JsonObject spec) => DefaultFields.Pointer(spec, "volumeMode", "Filesystem");

    public static void Endpoints(JsonObject obj)
    {
        foreach (var subset in DefaultFields.Items(obj, "subsets"))
        {
            foreach (var port in DefaultFields.Items(subset, "ports")) DefaultFields.String(port, "protocol", "TCP");
        }
    }

    public static void Node(JsonObject obj)
    {
        if (obj["status"] is JsonObject status && status["capacity"] is JsonObject capacity && status["allocatable"] is null)
        {
            status["allocatable"] = capacity.DeepClone();
        }
    }

    public static void Service(JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        DefaultFields.String(spec, "sessionAffinity", "None");
        var affinity = DefaultFields.Text(spec, "sessionAffinity");
        if (affinity == "None") spec.Remove("sessionAffinityConfig");
        if (affinity == "ClientIP" && spec.At("sessionAffinityConfig", "clientIP", "timeoutSeconds") is null)
        {
            spec["sessionAffinityConfig"] = new JsonObject { ["clientIP"] = new JsonObject { ["timeoutSeconds"] = DefaultFields.Number(10800) } };
        }
        DefaultFields.String(spec, "type", "ClusterIP");
        var type = DefaultFields.Text(spec, "type");

        foreach (var port in DefaultFields.Items(spec, "ports"))
        {
            DefaultFields.String(port, "protocol", "TCP");
            var target = port["targetPort"];
            var unset = target is null
                || (target is JsonValue v && ((DefaultFields.TryInteger(v, out var n) && n == 0) || (v.TryGetValue<string>(out var s) && s.Length == 0)));
            if (unset && port["port"] is { } number) port["targetPort"] = number.DeepClone();
        }

        // Externally accessible: a node port, a load balancer, or a cluster IP with external IPs.
        var external = type is "NodePort" or "LoadBalancer" || (type == "ClusterIP" && spec["externalIPs"] is JsonArray { Count: > 0 });
        if (external) DefaultFields.String(spec, "externalTrafficPolicy", "Cluster");
        if (type is "NodePort" or "LoadBalancer" or "ClusterIP") DefaultFields.Pointer(spec, "internalTrafficPolicy", "Cluster");
        if (type == "LoadBalancer")
        {
            DefaultFields.Pointer(spec, "allocateLoadBalancerNodePorts", true);
            foreach (var ingress in DefaultFields.Items(obj.At("status", "loadBalancer") as JsonObject, "ingress"))
            {
                if (DefaultFields.Text(ingress, "ip").Length > 0) DefaultFields.Pointer(ingress, "ipMode", "VIP");
            }
        }

        MirrorClusterIps(spec);
        if (type != "ExternalName")
        {
            // The registry picks families; this cluster is single-stack IPv4. Headless services without
            // a selector are the one kind Kubernetes makes RequireDualStack by default.
            var headless = DefaultFields.Text(spec, "clusterIP") == "None";
            var hasSelector = spec["selector"] is JsonObject { Count: > 0 };
            DefaultFields.Pointer(spec, "ipFamilyPolicy", headless && !hasSelector ? "RequireDualStack" : "SingleStack");
            DefaultFields.Pointer(spec, "ipFamilies", new JsonArray("IPv4"));
        }
        // LoadBalancerStatus is a plain struct in the Go types: always written, if only as {}.
        DefaultFields.Pointer(obj.Ensure("status"), "loadBalancer", new JsonObject());
    }

    /// <summary><c>clusterIP</c> is <c>clusterIPs[0]</c>; whichever one the user gave fills the other.</summary>
    private static void MirrorClusterIps(JsonObject spec)
    {
        var clusterIp = DefaultFields.Text(spec, "clusterIP");
        var clusterIps = spec["clusterIPs"] as JsonArray;
        if (clusterIp.Length > 0 && (clusterIps is null || clusterIps.Count == 0)) spec["clusterIPs"] = new JsonArray(clusterIp);
        else if (clusterIp.Length == 0 && clusterIps is { Count: > 0 } && clusterIps[0] is JsonValue first) spec["clusterIP"] = first.DeepClone();
    }
}
