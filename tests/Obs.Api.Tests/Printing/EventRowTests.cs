using System.Text.Json.Nodes;
using Obs.Api.Printing;
using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

/// <summary>
/// The Event row read from the bytes in place (how the apiserver prints Events) against the row the former
/// node-tree printer (<see cref="ReferenceEventTable"/>) gives for the same Event.
/// </summary>
public sealed class EventRowTests
{
    private static readonly ITablePrinter Printer = TablePrinters.For(ResourceTypes.Event);

    [Fact]
    public void ReadingBytesInPlaceGivesTheTreePrintersRowForVariedEvents()
    {
        var events = new VariedEvents(seed: 20261206);
        var lastSeen = new HashSet<string>();
        var counts = new HashSet<long>();
        var sources = new HashSet<string>();
        for (var i = 0; i < 3000; i++)
        {
            var cells = SameRow(events.Next().ToJsonString());
            lastSeen.Add(cells[0]!.GetValue<string>());
            counts.Add(cells[8]!.GetValue<long>());
            sources.Add(cells[5]!.GetValue<string>());
        }

        // The events reach every branch of LAST SEEN, COUNT and SOURCE, so the comparison covers them.
        Assert.Superset(new HashSet<string> { "5m", "<unknown>", "<invalid>", "0s" }, lastSeen);
        Assert.Superset(new HashSet<long> { 0, 1, 12, -3 }, counts);
        Assert.Superset(new HashSet<string> { "", "kubelet", "kubelet, node-a", "deployment-controller, node-b", ", node-a" }, sources);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""[]""")]
    [InlineData("""{"metadata":null,"involvedObject":null,"source":null,"series":null,"count":null}""")]
    [InlineData("""{"metadata":"m","involvedObject":[],"source":7,"series":"s","count":"3"}""")]
    [InlineData("""{"involvedObject":{"kind":"İNGRESS","name":"\u043f\u043e\u0434-\uD83D\uDE80"},"message":"\u2003 x \n"}""")]
    // Escaped property names are the same names.
    [InlineData("""{"m\u0065tadata":{"n\u0061me":"e"},"\u0063ount":4,"s\u0065ries":{"c\u006funt":2,"lastObservedTime":"2024-05-01T11:58:00Z"}}""")]
    // A later duplicate replaces the earlier one whole.
    [InlineData("""{"series":{"count":4},"series":null,"count":0,"involvedObject":{"kind":"Pod","name":"a"},"involvedObject":{"kind":"Node"}}""")]
    [InlineData("""{"source":{"component":"a","host":"h"},"source":{"component":"b"},"type":"x","type":7,"metadata":{"name":"a","name":"b"}}""")]
    [InlineData("""{"count":99999999999999999999,"series":{"count":1e2}}""")]
    [InlineData("""{"count":-0,"firstTimestamp":"","eventTime":"2024-05-01T11:59:00.000000Z","lastTimestamp":7}""")]
    public void OddEventsReadInPlaceGiveTheTreePrintersRow(string eventJson) => _ = SameRow(eventJson);

    [Fact]
    public void TheComparisonSeesADifferentCell()
    {
        var warning = """{"metadata":{"name":"e"},"type":"Warning"}""";
        var normal = """{"metadata":{"name":"e"},"type":"Normal"}""";
        Assert.NotEqual(RowComparison.ReferenceRow(ReferenceEventTable.Cells, warning), RowComparison.InPlaceRow(Printer, normal));
    }

    private static IReadOnlyList<JsonNode?> SameRow(string eventJson) => RowComparison.SameRow(Printer, ReferenceEventTable.Cells, eventJson);
}
