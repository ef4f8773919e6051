namespace Obs.Api.Printing;

/// <summary>
/// <c>kubectl get pods</c>: NAME, READY, STATUS, RESTARTS, AGE, and with <c>-o wide</c> IP, NODE,
/// NOMINATED NODE, READINESS GATES. STATUS follows kubectl's reasoning: the most telling container
/// state wins over the pod phase, init containers report <c>Init:…</c>, and a pod being deleted is
/// <c>Terminating</c>.
/// </summary>
internal static class PodTable
{
    public static readonly TableColumn[] Columns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        CommonColumns.Text("Status", "The aggregate status of the containers in this pod."),
        CommonColumns.Text("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        CommonColumns.Age,
        CommonColumns.Text("IP", "The IP address allocated to the pod; routable at least within the cluster.", 1),
        CommonColumns.Text("Node", "The node the pod is scheduled onto.", 1),
        CommonColumns.Text("Nominated Node", "The node the scheduler nominated for the pod while preemption frees room on it.", 1),
        CommonColumns.Text("Readiness Gates", "How many of the pod's readiness gates are true.", 1),
    ];

}
