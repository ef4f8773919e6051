using System.Text.Json.Nodes;
using Obs.Api.Printing;
using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

/// <summary>
/// The row read from a Pod's bytes in place (how the apiserver prints Pods) against the row the reference
/// printer over a parsed document (<see cref="ReferencePodTable"/>) gives for the same Pod: every cell must be the same string.
/// </summary>
public sealed class PodRowTests
{
    private static readonly ITablePrinter Printer = TablePrinters.For(ResourceTypes.Pod);

    [Fact]
    public void ReadingBytesInPlaceGivesTheTreePrintersRowForVariedPods()
    {
        var pods = new VariedPods(seed: 20261206);
        var statuses = new HashSet<string>();
        var restarts = new HashSet<string>();
        for (var i = 0; i < 3000; i++)
        {
            var cells = SameRow(pods.Next().ToJsonString());
            statuses.Add(cells[2]!.GetValue<string>());
            restarts.Add(cells[3]!.GetValue<string>());
        }

        // The pods reach every branch of STATUS and RESTARTS, so the comparison covers them.
        string[] reached =
        [
            "Running", "Pending", "Terminating", "Unknown", "NotReady", "Completed", "CrashLoopBackOff", "SchedulingGated",
            "Init:0/1", "Init:CrashLoopBackOff", "Init:Error", "Init:ExitCode:1", "Init:Signal:9", "Signal:9", "ExitCode:1",
        ];
        Assert.All(reached, status => Assert.Contains(status, statuses));
        Assert.Contains(restarts, r => r.EndsWith(" ago)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"metadata":{"name":"p"}}""")]
    [InlineData("""{"metadata":{"name":"p"},"spec":null,"status":null}""")]
    [InlineData("""{"metadata":{"name":"p","deletionTimestamp":"2024-05-01T11:59:00Z"},"status":{"phase":"Running"}}""")]
    [InlineData("""{"metadata":{"name":"\u043f\u043e\u0434-\uD83D\uDE80","creationTimestamp":"2024-05-01T11:00:00Z"}}""")]
    // Escaped property names are the same names.
    [InlineData("""{"m\u0065tadata":{"n\u0061me":"p"},"st\u0061tus":{"ph\u0061se":"Running","containerStatuses":[{"\u0072eady":true,"state":{"running":{}}}]},"spec":{"containers":[{}]}}""")]
    // A later duplicate replaces the earlier one whole, as a parsed document reads it.
    [InlineData("""{"status":{"phase":"Running","reason":"NodeLost"},"status":{"phase":"Pending"},"metadata":{"name":"a","name":"b"}}""")]
    [InlineData("""{"status":{"containerStatuses":[{"state":{"waiting":{"reason":"CrashLoopBackOff"}},"state":{"running":{}},"ready":true}]},"spec":{"containers":[{}]}}""")]
    [InlineData("""{"status":{"containerStatuses":[{"restartCount":2,"lastState":{"terminated":{"finishedAt":"2024-05-01T11:00:00Z"},"terminated":{}}}]}}""")]
    [InlineData("""{"spec":{"containers":[{},{}],"containers":[{}]}}""")]
    [InlineData("""{"spec":{"initContainers":[{"name":"s","restartPolicy":"Always"},{"name":"s","restartPolicy":"Always"}],"containers":[{}]}}""")]
    [InlineData("""{"status":{"podIPs":["x",{"ip":"fd00::1"},{"ip":"10.0.0.1"}],"podIP":"10.0.0.2"}}""")]
    [InlineData("""{"status":{"podIPs":[{}],"podIP":"10.0.0.2"}}""")]
    [InlineData("""{"spec":{"readinessGates":[{"conditionType":"g"},{}]},"status":{"conditions":[{"type":"g","status":"False"},{"type":"g","status":"True"},{"status":"True"}]}}""")]
    [InlineData("""{"status":{"containerStatuses":[{"restartCount":99999999999999999999},{"restartCount":-3},{"restartCount":1e2}]}}""")]
    public void OddPodsReadInPlaceGiveTheTreePrintersRow(string podJson) => _ = SameRow(podJson);

    [Fact]
    public void TheComparisonSeesADifferentCell()
    {
        // The in-place row of one Pod against the tree row of another must fail: the check can fail.
        var running = """{"metadata":{"name":"p"},"status":{"phase":"Running"}}""";
        var pending = """{"metadata":{"name":"p"},"status":{"phase":"Pending"}}""";
        Assert.NotEqual(RowComparison.ReferenceRow(ReferencePodTable.Cells, running), RowComparison.InPlaceRow(Printer, pending));
    }

    private static IReadOnlyList<JsonNode?> SameRow(string podJson) => RowComparison.SameRow(Printer, ReferencePodTable.Cells, podJson);
}
