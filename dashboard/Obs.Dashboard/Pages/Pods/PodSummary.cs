using System.Text.Json.Nodes;
using Obs.Api.Printing;
using Obs.Api.Resources;
using Obs.Dashboard.Components.Objects;

namespace Obs.Dashboard.Pages.Pods;

/// <summary>
/// A pod as one row of <c>kubectl get pods -o wide</c> reads it: READY n/m, STATUS (CrashLoopBackOff,
/// Completed, Terminating, Init:0/1…), RESTARTS, NODE; taken from the apiserver's own table printer so
/// the dashboard and kubectl never disagree. The tone colours the status.
/// </summary>
public sealed record PodSummary(string Ready, string Status, string Restarts, string Node, StatusTone Tone)
{
    private static readonly ITablePrinter Printer = TablePrinters.For(ResourceTypes.Pod);
    private static readonly int ReadyColumn = Column("Ready"), StatusColumn = Column("Status"), RestartsColumn = Column("Restarts"), NodeColumn = Column("Node");

    public static PodSummary Of(JsonObject pod, DateTimeOffset now)
    {
        var cells = Printer.Cells(pod, now);
        var ready = Text(cells[ReadyColumn]);
        var status = Text(cells[StatusColumn]);
        return new PodSummary(ready, status, Text(cells[RestartsColumn]), Text(cells[NodeColumn]), ToneOf(status, ready));
    }

    private static StatusTone ToneOf(string status, string ready) => status switch
    {
        "Running" => ready.Split('/') is [var n, var m] && n == m ? StatusTone.Healthy : StatusTone.Progressing,
        "Completed" or "Succeeded" => StatusTone.Neutral,
        "Pending" or "ContainerCreating" or "PodInitializing" or "Terminating" or "SchedulingGated" => StatusTone.Progressing,
        _ when status.StartsWith("Init:", StringComparison.Ordinal) && status.Contains('/') => StatusTone.Progressing,
        _ => StatusTone.Degraded,
    };

    private static string Text(JsonNode? cell) => cell?.ToString() ?? "";

    private static int Column(string name)
    {
        for (var i = 0; i < Printer.Columns.Count; i++)
        {
            if (Printer.Columns[i].Name == name) return i;
        }
        throw new InvalidOperationException($"the pod table has no {name} column");
    }
}
