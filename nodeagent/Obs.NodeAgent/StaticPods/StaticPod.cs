using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.NodeAgent.StaticPods;

/// <summary>One pod read from a manifest file: the object the agent runs (UID = hash) and the file it came from.</summary>
public sealed record StaticPod(string File, string Hash, JsonObject Pod)
{
    public string Namespace => ObjectMeta.Namespace(Pod) ?? "default";

    public string Name => ObjectMeta.Name(Pod) ?? "";

    public string Key => Namespace + "/" + Name;
}
