using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;

namespace Obs.NodeAgent.Pods;

/// <summary>The downward API: fieldRef paths and resourceFieldRef values of a pod, as the kubelet resolves them.</summary>
public static class PodFieldPaths
{
    /// <summary>The value of a fieldRef.fieldPath, or null when the path is not one the downward API offers.</summary>
    public static string? Field(JsonObject pod, string path, string hostIp)
    {
        switch (path)
        {
            case "metadata.name": return ObjectMeta.Name(pod) ?? "";
            case "metadata.namespace": return ObjectMeta.Namespace(pod) ?? "";
            case "metadata.uid": return ObjectMeta.Uid(pod) ?? "";
            case "spec.nodeName": return pod.StringAt("spec", "nodeName") ?? "";
            case "spec.serviceAccountName": return pod.StringAt("spec", "serviceAccountName") ?? "default";
            case "status.hostIP" or "status.podIP": return hostIp;
            case "status.hostIPs" or "status.podIPs": return hostIp;
            case "metadata.labels": return Lines(ObjectMeta.Labels(pod));
            case "metadata.annotations": return Lines(ObjectMeta.Annotations(pod));
        }
        foreach (var map in new[] { "labels", "annotations" })
        {
            var prefix = $"metadata.{map}['";
            if (path.StartsWith(prefix, StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal))
            {
                return pod.StringAt("metadata", map, path[prefix.Length..^2]) ?? "";
            }
        }
        return null;
    }

    /// <summary>
    /// limits.cpu / requests.cpu (cores, rounded up, divided by the divisor) and limits.memory /
    /// requests.memory / ephemeral-storage (bytes over the divisor); an absent limit is the node's allocatable.
    /// </summary>
    public static string? Resource(JsonObject container, string resource, string? divisor, long allocatableCpuMillis, long allocatableMemoryBytes)
    {
        var parts = resource.Split('.', 2);
        if (parts.Length != 2 || parts[0] is not ("limits" or "requests")) return null;
        Quantity? value = Quantity.TryFromJson(container.At("resources", parts[0], parts[1]), out var q, out _) && q.Sign > 0 ? q : null;
        if (value is null && parts[0] == "requests")
        {
            value = Quantity.TryFromJson(container.At("resources", "limits", parts[1]), out var l, out _) && l.Sign > 0 ? l : null;
        }
        var div = divisor is { Length: > 0 } d && Quantity.TryParse(d, out var parsedDivisor, out _) && parsedDivisor.Sign > 0 ? parsedDivisor : (Quantity?)null;
        if (parts[1] == "cpu")
        {
            var milli = value?.MilliValue ?? (parts[0] == "limits" ? allocatableCpuMillis : 0);
            var divMilli = div?.MilliValue ?? 1000;
            return ((milli + divMilli - 1) / divMilli).ToString(CultureInfo.InvariantCulture);
        }
        if (parts[1] is "memory" or "ephemeral-storage")
        {
            var bytes = value?.Value ?? (parts[0] == "limits" && parts[1] == "memory" ? allocatableMemoryBytes : 0);
            var divBytes = div?.Value ?? 1;
            return ((bytes + divBytes - 1) / divBytes).ToString(CultureInfo.InvariantCulture);
        }
        return null;
    }

    private static string Lines(IEnumerable<KeyValuePair<string, string>> map) =>
        string.Join('\n', map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}=\"{e.Value}\""));
}
