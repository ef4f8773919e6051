using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// Fields of a pod written for Kubernetes that the process runtime accepts but does not act on
/// (security contexts, image pull secrets, volume kinds it cannot provide, ...). The pod still
/// runs; the worker reports the list once as a Warning event so nobody is surprised later.
/// <c>hostPID</c> is acted on (the pod's sandbox makes no PID namespace), and so, trivially, is
/// <c>hostIPC</c>: the agent makes no IPC namespace, every pod shares the machine's.
/// </summary>
public static class IgnoredFields
{
    private static readonly string[] PodFields = ["securityContext", "imagePullSecrets", "hostAliases", "readinessGates", "runtimeClassName", "shareProcessNamespace", "dnsConfig", "resourceClaims"];
    private static readonly string[] ContainerFields = ["securityContext", "resizePolicy", "volumeDevices"];
    private static readonly string[] VolumeKinds = ["emptyDir", "configMap", "secret", "hostPath", "downwardAPI", "projected", "persistentVolumeClaim"];

    public static List<string> Find(JsonObject pod)
    {
        var found = new List<string>();
        var spec = pod["spec"] as JsonObject;
        if (spec is null) return found;
        foreach (var field in PodFields)
        {
            if (Present(spec[field])) found.Add($"spec.{field}");
        }
        foreach (var list in new[] { "initContainers", "containers" })
        {
            foreach (var container in (spec[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                var name = container.StringAt("name");
                foreach (var field in ContainerFields)
                {
                    if (Present(container[field])) found.Add($"spec.{list}[{name}].{field}");
                }
                foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
                {
                    if (container.At(probe, "grpc") is not null) found.Add($"spec.{list}[{name}].{probe}.grpc");
                }
            }
        }
        foreach (var volume in (spec["volumes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var (key, _) in volume)
            {
                if (key != "name" && !VolumeKinds.Contains(key)) found.Add($"spec.volumes[{volume.StringAt("name")}].{key}");
            }
        }
        return found;
    }

    /// <summary>Set to something other than empty, false or null (the API's defaults say nothing).</summary>
    private static bool Present(JsonNode? node) => node switch
    {
        null => false,
        JsonObject obj => obj.Count > 0,
        JsonArray array => array.Count > 0,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.TryGetValue<string>(out var text) => text.Length > 0,
        _ => true,
    };
}
