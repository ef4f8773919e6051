using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Obs.Api.Defaults;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Serialization;

namespace Obs.NodeAgent.StaticPods;

/// <summary>
/// Turns a manifest (YAML or JSON, one Pod) into the pod the agent runs, as the kubelet's file
/// source does: the name gets <c>-{nodeName}</c>, the namespace defaults to "default", the pod
/// is bound to this node, and its UID is a hash of the content, the node and the file, so an
/// edit makes a new pod (and the old one stops) while an unchanged file keeps its pod across
/// agent restarts.
/// </summary>
public static class StaticPodManifest
{
    public static StaticPod Parse(string text, string file, string nodeName)
    {
        if (YamlToJson.Parse(text) is not JsonObject pod) throw new FormatException("the manifest is not an object");
        if (pod.StringAt("kind") is { } kind && kind != "Pod") throw new FormatException($"kind is \"{kind}\": a static pod manifest holds one Pod");
        if (pod.StringAt("apiVersion") is { } version && version != "v1") throw new FormatException($"apiVersion is \"{version}\": a Pod is v1");
        if (pod.StringAt("metadata", "name") is not { Length: > 0 } name) throw new FormatException("metadata.name: Required value");
        if (pod["spec"] is not JsonObject spec || spec["containers"] is not JsonArray { Count: > 0 }) throw new FormatException("spec.containers: Required value");

        pod["apiVersion"] = "v1";
        pod["kind"] = "Pod";
        var meta = pod.Ensure("metadata");
        meta["name"] = $"{name}-{nodeName}";
        if (meta.StringAt("namespace") is not { Length: > 0 }) meta["namespace"] = "default";
        foreach (var field in (string[])["uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "generation", "ownerReferences"]) meta.Remove(field);
        pod.Remove("status");
        spec["nodeName"] = nodeName;
        // Service variables need the apiserver, and static pods must start without it.
        spec["enableServiceLinks"] ??= false;
        ObjectDefaulter.Apply(ResourceTypes.Pod, pod);

        var hash = Hash(pod, nodeName, file);
        meta["uid"] = hash;
        var annotations = pod.Ensure("metadata", "annotations");
        annotations[StaticPodAnnotations.ConfigHash] = hash;
        annotations[StaticPodAnnotations.ConfigSource] = StaticPodAnnotations.FileSource;
        return new StaticPod(file, hash, pod);
    }

    /// <summary>SHA-256 of the pod as read, the node and the file: 32 hex digits, the shape of the kubelet's MD5 hash.</summary>
    public static string Hash(JsonObject pod, string nodeName, string file)
    {
        var text = $"{pod.ToJsonString()}\nhost:{nodeName}\nfile:{file}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    /// <summary>The mirror pod that shows <paramref name="pod"/> in the API, owned by the node so it goes with it.</summary>
    public static JsonObject Mirror(StaticPod pod, string nodeName, string nodeUid)
    {
        var mirror = (JsonObject)pod.Pod.DeepClone();
        var meta = mirror.Ensure("metadata");
        meta.Remove("uid");
        meta.Ensure("annotations")[StaticPodAnnotations.ConfigMirror] = pod.Hash;
        meta["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["name"] = nodeName,
            ["uid"] = nodeUid,
            ["controller"] = true,
        });
        mirror.Remove("status");
        return mirror;
    }
}
