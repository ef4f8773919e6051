using System.Text;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// Builds a container's environment as the kubelet does, in order: envFrom (ConfigMaps and
/// Secrets, with prefix), then env (value with <c>$(VAR)</c> expansion against what came
/// before, or valueFrom configMapKeyRef / secretKeyRef / fieldRef / resourceFieldRef), then the
/// host ports (<c>PORT</c>, <c>OBS_PORT_&lt;NAME&gt;</c>) and volume directories. A missing object
/// or key that is not optional throws <see cref="EnvironmentException"/>.
/// <c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c> name the <c>kubernetes</c> Service when
/// <see cref="KubernetesService"/> gives it (the node's proxy forwards it), else <paramref name="apiServer"/> when given.
/// </summary>
public sealed class EnvironmentResolver(ApiClient client, string hostIp, long allocatableCpuMillis, long allocatableMemoryBytes, ServiceLinks? serviceLinks = null, Uri? apiServer = null)
{
    private readonly ServiceLinks _serviceLinks = serviceLinks ?? new ServiceLinks(client);

    /// <summary>The <c>kubernetes</c> Service's address while the node's proxy forwards it (see <see cref="KubernetesServiceAddress"/>).</summary>
    public Func<Uri?>? KubernetesService { get; init; }

    /// <summary>
    /// The Services whose link variables the pod's containers get (none when the pod turns service
    /// links off): read ahead by a pod start, while its sandbox starts, and handed to <see cref="ResolveAsync"/>.
    /// </summary>
    public async Task<List<JsonObject>> ServicesAsync(JsonObject pod, CancellationToken cancellationToken) =>
        pod.BoolAt("spec", "enableServiceLinks") == false ? [] : await _serviceLinks.ForPodAsync(pod, cancellationToken);

    /// <param name="services">The pod's Services from <see cref="ServicesAsync"/>, when read ahead; null reads them now.</param>
    public async Task<List<KeyValuePair<string, string>>> ResolveAsync(
        JsonObject pod,
        JsonObject container,
        IReadOnlyList<KeyValuePair<string, string>> extra,
        CancellationToken cancellationToken,
        Task<List<JsonObject>>? services = null)
    {
        var ns = ObjectMeta.Namespace(pod) ?? "default";
        var env = new List<KeyValuePair<string, string>>();
        var cache = new Dictionary<string, JsonObject?>();

        async Task<JsonObject?> Fetch(ResourceType type, string name)
        {
            var key = type.Plural + "/" + name;
            if (!cache.TryGetValue(key, out var obj))
            {
                obj = await client.TryGetAsync(type, ns, name, cancellationToken);
                cache[key] = obj;
            }
            return obj;
        }

        void Set(string name, string value)
        {
            env.RemoveAll(e => e.Key == name);
            env.Add(new(name, value));
        }

        string? Lookup(string name)
        {
            for (var i = env.Count - 1; i >= 0; i--)
            {
                if (env[i].Key == name) return env[i].Value;
            }
            return null;
        }

        // Service links come first so that the container's own env can refer to and override them.
        foreach (var (key, value) in ServiceEnvironment.For(await (services ?? ServicesAsync(pod, cancellationToken)))) Set(key, value);
        // Like the kubelet's master service variables, these come with or without service links.
        if ((KubernetesService?.Invoke() ?? apiServer) is { } master)
        {
            var port = master.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Set("KUBERNETES_SERVICE_HOST", master.Host);
            Set("KUBERNETES_SERVICE_PORT", port);
            Set("KUBERNETES_SERVICE_PORT_HTTPS", port);
        }

        if (container["envFrom"] is JsonArray sources)
        {
            foreach (var source in sources.OfType<JsonObject>())
            {
                var prefix = source.StringAt("prefix") ?? "";
                var (type, reference) = source["configMapRef"] is JsonObject cm ? (ResourceTypes.ConfigMap, cm)
                    : source["secretRef"] is JsonObject s ? (ResourceTypes.Secret, s) : (null, null);
                if (type is null || reference is null) continue;
                var name = reference.StringAt("name") ?? "";
                var obj = await Fetch(type, name);
                if (obj is null)
                {
                    if (reference.BoolAt("optional") == true) continue;
                    throw new EnvironmentException($"{Kind(type)} \"{name}\" not found");
                }
                foreach (var (key, value) in Data(type, obj))
                {
                    Set(prefix + key, value);
                }
            }
        }

        if (container["env"] is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                var name = entry.StringAt("name");
                if (string.IsNullOrEmpty(name)) continue;
                if (entry["valueFrom"] is not JsonObject from)
                {
                    Set(name, VariableExpansion.Expand(entry.StringAt("value") ?? "", Lookup));
                    continue;
                }
                string? value = null;
                if (from["configMapKeyRef"] is JsonObject cmRef)
                {
                    value = await KeyAsync(ResourceTypes.ConfigMap, cmRef, Fetch);
                    if (value is null) continue;
                }
                else if (from["secretKeyRef"] is JsonObject secretRef)
                {
                    value = await KeyAsync(ResourceTypes.Secret, secretRef, Fetch);
                    if (value is null) continue;
                }
                else if (from["fieldRef"] is JsonObject fieldRef)
                {
                    var path = fieldRef.StringAt("fieldPath") ?? "";
                    value = PodFieldPaths.Field(pod, path, hostIp) ?? throw new EnvironmentException($"env {name}: unsupported fieldPath \"{path}\"");
                }
                else if (from["resourceFieldRef"] is JsonObject resourceRef)
                {
                    var target = resourceRef.StringAt("containerName") is { Length: > 0 } other
                        ? AllContainers(pod).FirstOrDefault(c => c.StringAt("name") == other) ?? container
                        : container;
                    var resource = resourceRef.StringAt("resource") ?? "";
                    value = PodFieldPaths.Resource(target, resource, resourceRef.StringAt("divisor") ?? Divisor(resourceRef["divisor"]), allocatableCpuMillis, allocatableMemoryBytes)
                        ?? throw new EnvironmentException($"env {name}: unsupported resource \"{resource}\"");
                }
                if (value is not null) Set(name, value);
            }
        }
        foreach (var (key, value) in extra)
        {
            if (Lookup(key) is null) Set(key, value);
        }
        return env;
    }

    private static string? Divisor(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    private static async Task<string?> KeyAsync(ResourceType type, JsonObject reference, Func<ResourceType, string, Task<JsonObject?>> fetch)
    {
        var name = reference.StringAt("name") ?? "";
        var key = reference.StringAt("key") ?? "";
        var optional = reference.BoolAt("optional") == true;
        var obj = await fetch(type, name);
        if (obj is null)
        {
            return optional ? null : throw new EnvironmentException($"{Kind(type)} \"{name}\" not found");
        }
        foreach (var (k, v) in Data(type, obj))
        {
            if (k == key) return v;
        }
        return optional ? null : throw new EnvironmentException($"couldn't find key {key} in {Kind(type)} {ObjectMeta.Namespace(obj)}/{name}");
    }

    private static string Kind(ResourceType type) => type == ResourceTypes.Secret ? "secret" : "configmap";

    /// <summary>A ConfigMap's data (binaryData decoded) or a Secret's data decoded from base64 plus stringData.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Data(ResourceType type, JsonObject obj)
    {
        if (type == ResourceTypes.Secret)
        {
            foreach (var (key, value) in obj["data"].StringMap())
            {
                string decoded;
                try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value)); }
                catch (FormatException) { decoded = value; }
                yield return new(key, decoded);
            }
            foreach (var entry in obj["stringData"].StringMap()) yield return entry;
            yield break;
        }
        foreach (var entry in obj["data"].StringMap()) yield return entry;
        foreach (var (key, value) in obj["binaryData"].StringMap())
        {
            yield return new(key, Encoding.UTF8.GetString(Convert.FromBase64String(value)));
        }
    }

    public static IEnumerable<JsonObject> AllContainers(JsonObject pod) =>
        (pod.At("spec", "initContainers") as JsonArray ?? []).OfType<JsonObject>()
            .Concat((pod.At("spec", "containers") as JsonArray ?? []).OfType<JsonObject>());
}
