using System.Text;
using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Scheduling;

/// <summary>
/// Why a pod fits no node, in kube-scheduler's words: each reason with the number of nodes that
/// gave it, sorted as strings ("1 Insufficient cpu, 2 node(s) had untolerated taint {…}"), then
/// what preemption would say about the same nodes.
/// </summary>
public sealed class FitError
{
    public const string NoNodesMessage = "no nodes available to schedule pods";
    public const string NotHelpful = "Preemption is not helpful for scheduling";
    public const string NoVictims = "No preemption victims found for incoming pod";

    public FitError(int allNodes, IReadOnlyDictionary<string, int> reasons, IReadOnlyDictionary<string, int>? preemption, string? preemptionMessage = null, string? podRejection = null)
    {
        AllNodes = allNodes;
        Reasons = reasons;
        PodRejection = podRejection;
        Message = allNodes == 0 ? NoNodesMessage : Build(allNodes, reasons, preemption, preemptionMessage, podRejection);
    }

    /// <summary>Why the pod fits no node whatever the node (a missing claim): said instead of the per-node reasons.</summary>
    public string? PodRejection { get; }

    public int AllNodes { get; }
    public IReadOnlyDictionary<string, int> Reasons { get; }
    public string Message { get; }

    /// <summary>The message for nodes' filter results; <paramref name="preemptionNever"/>: the pod has preemptionPolicy Never.</summary>
    public static FitError From(int allNodes, IEnumerable<FilterResult> failures, bool preemptionNever)
    {
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var preemption = new Dictionary<string, int>(StringComparer.Ordinal);
        string? rejection = null;
        foreach (var failure in failures)
        {
            if (failure.WholePod) rejection ??= failure.Reasons?.FirstOrDefault();
            foreach (var reason in failure.Reasons ?? []) reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            var verdict = failure.Code == FilterCode.UnschedulableAndUnresolvable ? NotHelpful : NoVictims;
            preemption[verdict] = preemption.GetValueOrDefault(verdict) + 1;
        }
        return preemptionNever
            ? new FitError(allNodes, reasons, null, "not eligible due to preemptionPolicy=Never.", rejection)
            : new FitError(allNodes, reasons, preemption, null, rejection);
    }

    private static string Build(int allNodes, IReadOnlyDictionary<string, int> reasons, IReadOnlyDictionary<string, int>? preemption, string? preemptionMessage, string? podRejection)
    {
        var text = new StringBuilder();
        text.Append("0/").Append(allNodes).Append(" nodes are available:");
        if (podRejection is not null) text.Append(' ').Append(podRejection).Append('.');
        else if (reasons.Count > 0) text.Append(' ').Append(Histogram(reasons)).Append('.');
        if (preemptionMessage is not null) text.Append(" preemption: ").Append(preemptionMessage);
        else if (preemption is { Count: > 0 })
            text.Append(" preemption: 0/").Append(allNodes).Append(" nodes are available: ").Append(Histogram(preemption)).Append('.');
        return text.ToString();
    }

    private static string Histogram(IReadOnlyDictionary<string, int> counts)
    {
        var entries = counts.Select(kv => $"{kv.Value} {kv.Key}").ToList();
        entries.Sort(StringComparer.Ordinal);
        return string.Join(", ", entries);
    }
}
