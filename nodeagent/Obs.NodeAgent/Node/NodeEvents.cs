using Obs.Client.Events;

namespace Obs.NodeAgent.Node;

/// <summary>
/// The events the kubelet writes about its Node, which <c>kubectl describe node</c> lists: Starting when the agent
/// starts, one per condition transition (NodeHasSufficientMemory, NodeReady…), and the capability warnings.
/// All go through the agent's aggregating recorder, so a flapping condition or a restarted agent counts up one event.
/// </summary>
public static class NodeEvents
{
    /// <summary>The kubelet's reference to its node: the uid is the node's name, as the kubelet writes it.</summary>
    public static InvolvedObject Reference(string nodeName) => new("v1", "Node", null, nodeName, nodeName);

    /// <summary>
    /// The kubelet's reason for a condition's new status (its node status setters), or null for a condition the
    /// kubelet has no event for (Obs's ResourceLimitsEnforced).
    /// </summary>
    public static string? TransitionReason(NodeCondition condition) => (condition.Type, condition.Status == "True") switch
    {
        ("MemoryPressure", true) => "NodeHasInsufficientMemory",
        ("MemoryPressure", false) => "NodeHasSufficientMemory",
        ("DiskPressure", true) => "NodeHasDiskPressure",
        ("DiskPressure", false) => "NodeHasNoDiskPressure",
        ("PIDPressure", true) => "NodeHasInsufficientPID",
        ("PIDPressure", false) => "NodeHasSufficientPID",
        ("Ready", true) => "NodeReady",
        ("Ready", false) => "NodeNotReady",
        _ => null,
    };

    /// <summary>Records a condition's transition in the kubelet's words: "Node N status is now: NodeReady".</summary>
    public static void RecordTransition(EventRecorder events, string nodeName, NodeCondition condition)
    {
        if (TransitionReason(condition) is { } reason)
            events.Record("kubelet", Reference(nodeName), "Normal", reason, $"Node {nodeName} status is now: {reason}");
    }
}
