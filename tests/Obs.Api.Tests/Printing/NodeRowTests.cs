using System.Text.Json.Nodes;
using Obs.Api.Printing;
using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

/// <summary>
/// The Node row read from the bytes in place (how the apiserver prints Nodes) against the row the former
/// node-tree printer (<see cref="ReferenceNodeTable"/>) gives for the same Node.
/// </summary>
public sealed class NodeRowTests
{
    private static readonly ITablePrinter Printer = TablePrinters.For(ResourceTypes.Node);

    [Fact]
    public void ReadingBytesInPlaceGivesTheTreePrintersRowForVariedNodes()
    {
        var nodes = new VariedNodes(seed: 20261206);
        var statuses = new HashSet<string>();
        var roles = new HashSet<string>();
        var internalIps = new HashSet<string>();
        for (var i = 0; i < 3000; i++)
        {
            var cells = SameRow(nodes.Next().ToJsonString());
            statuses.Add(cells[1]!.GetValue<string>());
            roles.Add(cells[2]!.GetValue<string>());
            internalIps.Add(cells[5]!.GetValue<string>());
        }

        // The nodes reach every branch of STATUS, ROLES and the addresses, so the comparison covers them.
        Assert.Superset(new HashSet<string> { "Ready", "NotReady", "Unknown", "Ready,SchedulingDisabled", "NotReady,SchedulingDisabled", "Unknown,SchedulingDisabled" }, statuses);
        Assert.Superset(new HashSet<string> { "<none>", "worker", "edge", "ü", "control-plane,worker" }, roles);
        Assert.Superset(new HashSet<string> { "<none>", "", "10.0.0.5", "fd00::5" }, internalIps);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""[]""")]
    [InlineData("""{"metadata":null,"spec":null,"status":null}""")]
    // The former printer threw for a status that is not an object; the row now reads it as empty.
    [InlineData("""{"metadata":"m","spec":[],"status":"s"}""")]
    [InlineData("""{"metadata":{"labels":[]},"status":{"conditions":{},"addresses":"a","nodeInfo":7}}""")]
    [InlineData("""{"metadata":{"name":"\u0443\u0437\u0435\u043b-\uD83D\uDE80","labels":{"node-role.kubernetes.io/\u00fc":7,"kubernetes.io/role":""}}}""")]
    // Escaped property names (and label keys) are the same names.
    [InlineData("""{"m\u0065tadata":{"l\u0061bels":{"node-role.kubernetes.io\/w":"","kubernetes.io\u002frole":"edge"}},"st\u0061tus":{"n\u006fdeInfo":{"osImag\u0065":"os"}}}""")]
    // A later duplicate replaces the earlier one whole.
    [InlineData("""{"metadata":{"labels":{"node-role.kubernetes.io/a":"","node-role.kubernetes.io/a":null,"kubernetes.io/role":"x","kubernetes.io/role":""}}}""")]
    [InlineData("""{"metadata":{"labels":{"node-role.kubernetes.io/a":""}},"metadata":{"name":"n"}}""")]
    [InlineData("""{"status":{"conditions":[{"type":"Ready","status":"True"}]},"status":{"addresses":[{"type":"InternalIP","address":"1"}]},"spec":{"unschedulable":true},"spec":{}}""")]
    [InlineData("""{"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"Ready","status":"False","type":"x"}],"conditions":[{"type":"x"},{"type":"Ready","status":"False"},"Ready",{"type":"Ready","status":"True"}]}}""")]
    [InlineData("""{"status":{"addresses":[{"type":"InternalIP","address":"1"},{"type":"InternalIP","address":"2"},{"address":"3","type":"ExternalIP"},{"type":"ExternalIP"}]}}""")]
    [InlineData("""{"status":{"nodeInfo":{"kernelVersion":"a","kernelVersion":5},"nodeInfo":{"osImage":"b"}}}""")]
    [InlineData("""{"status":{"conditions":[{"type":{"Ready":1},"status":"True"},{"type":"Ready","status":["True"]}],"addresses":[{"type":["InternalIP"],"address":"1"},{"type":"ExternalIP","address":{}}]}}""")]
    [InlineData("""{"status":{"conditions":[{"type":"Re\u0061dy","status":"Tru\u0065"}],"addresses":[{"type":"Extern\u0061lIP","address":"2"}]}}""")]
    public void OddNodesReadInPlaceGiveTheTreePrintersRow(string nodeJson) => _ = SameRow(nodeJson);

    [Fact]
    public void TheComparisonSeesADifferentCell()
    {
        var ready = """{"metadata":{"name":"n"},"status":{"conditions":[{"type":"Ready","status":"True"}]}}""";
        var notReady = """{"metadata":{"name":"n"},"status":{"conditions":[{"type":"Ready","status":"False"}]}}""";
        Assert.NotEqual(RowComparison.ReferenceRow(ReferenceNodeTable.Cells, ready), RowComparison.InPlaceRow(Printer, notReady));
    }

    private static IReadOnlyList<JsonNode?> SameRow(string nodeJson) => RowComparison.SameRow(Printer, ReferenceNodeTable.Cells, nodeJson);
}
