using System.Text.Json.Nodes;

namespace Obs.NodeAgent.Runtime;

public sealed record ContainerStateRunning(DateTimeOffset StartedAt) : ContainerState
{
    public override JsonObject ToJson() => new() { ["running"] = new JsonObject { ["startedAt"] = Time(StartedAt) } };
}
