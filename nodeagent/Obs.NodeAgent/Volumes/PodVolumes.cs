using System.Text;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.NodeAgent.Pods;

namespace Obs.NodeAgent.Volumes;

/// <summary>
/// A pod's volumes as host directories under <c>{state}/pods/{uid}/volumes/{name}</c>: emptyDir
/// (a directory; with medium Memory the pod worker then puts a tmpfs on it inside the pod's mount
/// namespace, see <see cref="MemoryVolumeMount"/>),
/// configMap, secret, downwardAPI and projected as files rewritten when their source changes,
/// hostPath as the host's path itself, and persistentVolumeClaim as the directory of the claim's
/// bound volume (see <see cref="ClaimVolume"/>), which outlives the pod. Service account tokens
/// (projected, and the automounted <see cref="ServiceAccountVolume"/>) come from <paramref name="tokens"/>;
/// without it (offline tests) a projected token file is empty and nothing is automounted.
/// </summary>
public sealed class PodVolumes(ApiClient client, string stateDirectory, string hostIp, ServiceAccountTokens? tokens = null, string? caPem = null)
{
    /// <summary>Creates or refreshes every volume; returns name → host directory (or file, for a hostPath file).</summary>
    public async Task<Dictionary<string, string>> PrepareAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        var uid = ObjectMeta.Uid(pod) ?? "";
        var ns = ObjectMeta.Namespace(pod) ?? "default";
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await PrepareServiceAccountAsync(pod, result, cancellationToken);
        if (pod.At("spec", "volumes") is not JsonArray volumes) return result;
        foreach (var volume in volumes.OfType<JsonObject>())
        {
            var name = volume.StringAt("name");
            if (string.IsNullOrEmpty(name)) continue;
            var directory = Path.Combine(stateDirectory, "pods", uid, "volumes", name);
            if (volume["hostPath"] is JsonObject hostPath)
            {
                var path = hostPath.StringAt("path") ?? "/";
                var kind = hostPath.StringAt("type") ?? "";
                if (kind is "DirectoryOrCreate") Directory.CreateDirectory(path);
                if (kind is "FileOrCreate" && !File.Exists(path)) File.WriteAllText(path, "");
                result[name] = path;
                continue;
            }
            if (volume["persistentVolumeClaim"] is JsonObject claimRef)
            {
                result[name] = await ClaimVolume.ResolveAsync(client, stateDirectory, ns, claimRef.StringAt("claimName") ?? name, cancellationToken);
                continue;
            }
            Directory.CreateDirectory(directory);
            result[name] = directory;
            var files = new Dictionary<string, (byte[] Content, int? Mode)>(StringComparer.Ordinal);
            var defaultMode = (int?)volume.LongAt(volume["configMap"] is not null ? "configMap" : volume["secret"] is not null ? "secret" : volume["downwardAPI"] is not null ? "downwardAPI" : "projected", "defaultMode");
            if (volume["configMap"] is JsonObject cm)
            {
                await AddObjectAsync(ResourceTypes.ConfigMap, cm, cm.StringAt("name"), ns, files, cancellationToken);
            }
            else if (volume["secret"] is JsonObject secret)
            {
                await AddObjectAsync(ResourceTypes.Secret, secret, secret.StringAt("secretName"), ns, files, cancellationToken);
            }
            else if (volume["downwardAPI"] is JsonObject downward)
            {
                AddDownward(pod, downward, files);
            }
            else if (volume["projected"] is JsonObject projected && projected["sources"] is JsonArray sources)
            {
                foreach (var source in sources.OfType<JsonObject>())
                {
                    if (source["configMap"] is JsonObject pcm) await AddObjectAsync(ResourceTypes.ConfigMap, pcm, pcm.StringAt("name"), ns, files, cancellationToken);
                    else if (source["secret"] is JsonObject ps) await AddObjectAsync(ResourceTypes.Secret, ps, ps.StringAt("name"), ns, files, cancellationToken);
                    else if (source["downwardAPI"] is JsonObject pd) AddDownward(pod, pd, files);
                    else if (source["serviceAccountToken"] is JsonObject token)
                        files[token.StringAt("path") ?? "token"] = (Encoding.UTF8.GetBytes(await ProjectedTokenAsync(pod, token, cancellationToken)), null);
                }
            }
            else
            {
                continue; // emptyDir and anything else: just the directory.
            }
            Write(directory, files, defaultMode);
        }
        return result;
    }

    /// <summary>
    /// The automounted API access files, refreshed with the other volumes (the token is requested
    /// again once 80 % of its life has passed). The apiserver admits no pod whose service account
    /// does not exist; one whose account went later runs without them rather than fail. Static pods
    /// get none: in Kubernetes the volume comes from the apiserver's admission, which they never pass
    /// (their mirror may not use a service account).
    /// </summary>
    private async Task PrepareServiceAccountAsync(JsonObject pod, Dictionary<string, string> result, CancellationToken cancellationToken)
    {
        if (tokens is null || StaticPods.StaticPodAnnotations.IsStaticOrMirror(pod) || await tokens.AutomountedAsync(pod, cancellationToken) is not { } token) return;
        var ns = ObjectMeta.Namespace(pod) ?? "default";
        var directory = Path.Combine(stateDirectory, "pods", ObjectMeta.Uid(pod) ?? "", "volumes", ServiceAccountVolume.Name);
        Directory.CreateDirectory(directory);
        var files = new Dictionary<string, (byte[] Content, int? Mode)>(StringComparer.Ordinal)
        {
            ["token"] = (Encoding.UTF8.GetBytes(token), null),
            ["namespace"] = (Encoding.UTF8.GetBytes(ns), null),
        };
        if (caPem is not null) files["ca.crt"] = (Encoding.UTF8.GetBytes(caPem), null);
        Write(directory, files, null);
        result[ServiceAccountVolume.Name] = directory;
    }

    private async Task<string> ProjectedTokenAsync(JsonObject pod, JsonObject source, CancellationToken cancellationToken)
    {
        if (tokens is null) return "";
        return await tokens.GetAsync(pod, source.StringAt("audience"), source.LongAt("expirationSeconds"), cancellationToken)
            ?? throw new EnvironmentException($"serviceaccount \"{ServiceAccountTokens.AccountOf(pod)}\" not found");
    }

    private async Task AddObjectAsync(ResourceType type, JsonObject source, string? name, string ns, Dictionary<string, (byte[], int?)> files, CancellationToken cancellationToken)
    {
        var obj = name is null ? null : await client.TryGetAsync(type, ns, name, cancellationToken);
        if (obj is null)
        {
            if (source.BoolAt("optional") == true) return;
            throw new EnvironmentException($"{(type == ResourceTypes.Secret ? "secret" : "configmap")} \"{name}\" not found");
        }
        var data = EnvironmentResolver.Data(type, obj).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        if (source["items"] is JsonArray items)
        {
            foreach (var item in items.OfType<JsonObject>())
            {
                var key = item.StringAt("key") ?? "";
                if (!data.TryGetValue(key, out var value))
                {
                    if (source.BoolAt("optional") == true) continue;
                    throw new EnvironmentException($"configmap or secret \"{name}\" has no key \"{key}\"");
                }
                files[item.StringAt("path") ?? key] = (Encoding.UTF8.GetBytes(value), (int?)item.LongAt("mode"));
            }
            return;
        }
        foreach (var (key, value) in data) files[key] = (Encoding.UTF8.GetBytes(value), null);
    }

    private void AddDownward(JsonObject pod, JsonObject downward, Dictionary<string, (byte[], int?)> files)
    {
        if (downward["items"] is not JsonArray items) return;
        foreach (var item in items.OfType<JsonObject>())
        {
            var path = item.StringAt("path");
            if (string.IsNullOrEmpty(path)) continue;
            string? value = null;
            if (item.StringAt("fieldRef", "fieldPath") is { } field) value = PodFieldPaths.Field(pod, field, hostIp);
            else if (item["resourceFieldRef"] is JsonObject resource)
            {
                var container = EnvironmentResolver.AllContainers(pod).FirstOrDefault(c => c.StringAt("name") == resource.StringAt("containerName"));
                if (container is not null) value = PodFieldPaths.Resource(container, resource.StringAt("resource") ?? "", resource.StringAt("divisor"), 0, 0);
            }
            if (value is not null) files[path] = (Encoding.UTF8.GetBytes(value), (int?)item.LongAt("mode"));
        }
    }

    /// <summary>Writes each file through a temporary name and a rename, so a reader never sees half a file; stale files go.</summary>
    private static void Write(string directory, Dictionary<string, (byte[] Content, int? Mode)> files, int? defaultMode)
    {
        foreach (var (relative, (content, mode)) in files)
        {
            var path = Path.GetFullPath(Path.Combine(directory, relative));
            if (!path.StartsWith(Path.GetFullPath(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(content)) continue;
            var temporary = path + ".obs-tmp";
            File.WriteAllBytes(temporary, content);
            File.SetUnixFileMode(temporary, (UnixFileMode)(mode ?? defaultMode ?? 0x1A4 /* 0644 */));
            File.Move(temporary, path, overwrite: true);
        }
        foreach (var existing in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, existing);
            if (!files.ContainsKey(relative)) File.Delete(existing);
        }
    }
}
