using System.Text.Json.Nodes;

namespace Obs.NodeAgent.Runtime;

public sealed record ContainerStateWaiting(string Reason, string? Message = null) : ContainerState
{
    public const string ContainerCreating = "ContainerCreating";
    public const string CrashLoopBackOff = "CrashLoopBackOff";
    public const string CreateContainerConfigError = "CreateContainerConfigError";

    public override JsonObject ToJson()
    {
        var waiting = new JsonObject { ["reason"] = Reason };
        if (Message is not null)
        {
            waiting["message"] = Message;
        }
        return new JsonObject { ["waiting"] = waiting };
    }
}
