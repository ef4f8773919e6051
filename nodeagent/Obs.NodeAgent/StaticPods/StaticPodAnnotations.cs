using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.NodeAgent.StaticPods;

/// <summary>The annotations by which Kubernetes tells static and mirror pods apart from the rest.</summary>
public static class StaticPodAnnotations
{
    /// <summary>The static pod's hash (also its UID): changes whenever the manifest does.</summary>
    public const string ConfigHash = "kubernetes.io/config.hash";

    /// <summary>On a mirror pod: the hash of the static pod it stands for.</summary>
    public const string ConfigMirror = "kubernetes.io/config.mirror";

    /// <summary>Where the pod came from: "file" for manifests, "api" for everything else.</summary>
    public const string ConfigSource = "kubernetes.io/config.source";

    public const string FileSource = "file";

    public static bool IsMirror(JsonObject pod) => pod.StringAt("metadata", "annotations", ConfigMirror) is not null;

    /// <summary>A static pod (run from a manifest) or its mirror in the API.</summary>
    public static bool IsStaticOrMirror(JsonObject pod) =>
        IsMirror(pod) || pod.StringAt("metadata", "annotations", ConfigSource) is { } source && source != "api";
}
