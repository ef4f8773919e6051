using System.Text.Json.Nodes;
using Obs.Api.Conversion;

namespace Obs.Api.Tests.Conversion;

public sealed class EventConversionTests
{
    private const string Core = """
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"web.1","namespace":"default","resourceVersion":"7"},
         "involvedObject":{"apiVersion":"v1","kind":"Pod","namespace":"default","name":"web","uid":"u1","fieldPath":"spec.containers{main}"},
         "reason":"Started","message":"Started container main","source":{"component":"kubelet","host":"node-1"},
         "firstTimestamp":"2026-01-01T00:00:00Z","lastTimestamp":"2026-01-01T00:02:00Z","count":3,"type":"Normal",
         "eventTime":null,"series":{"count":2,"lastObservedTime":"2026-01-01T00:02:00.000000Z"},"action":"Start",
         "related":{"kind":"Node","name":"node-1"},"reportingComponent":"kubelet","reportingInstance":"node-1"}
        """;

    [Fact]
    public void EveryCoreFieldHasItsEventsV1NameInEventsV1Order()
    {
        var v1 = EventConversion.ToEventsV1(JsonNode.Parse(Core)!.AsObject());
        Assert.Equal(
            """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"web.1","namespace":"default","resourceVersion":"7"},"eventTime":null,"series":{"count":2,"lastObservedTime":"2026-01-01T00:02:00.000000Z"},"reportingController":"kubelet","reportingInstance":"node-1","action":"Start","reason":"Started","regarding":{"apiVersion":"v1","kind":"Pod","namespace":"default","name":"web","uid":"u1","fieldPath":"spec.containers{main}"},"related":{"kind":"Node","name":"node-1"},"note":"Started container main","type":"Normal","deprecatedSource":{"component":"kubelet","host":"node-1"},"deprecatedFirstTimestamp":"2026-01-01T00:00:00Z","deprecatedLastTimestamp":"2026-01-01T00:02:00Z","deprecatedCount":3}
            """,
            v1.ToJsonString());
    }

    [Fact]
    public void BackToCoreIsTheEventItCameFrom()
    {
        var core = JsonNode.Parse(Core)!.AsObject();
        Assert.True(JsonNode.DeepEquals(core, EventConversion.ToCore(EventConversion.ToEventsV1(core))));
    }

    [Fact]
    public void FieldsAnEventLacksStayAbsent()
    {
        var v1 = EventConversion.ToEventsV1(JsonNode.Parse("""{"apiVersion":"v1","kind":"Event","metadata":{"name":"e"},"message":"hi"}""")!.AsObject());
        Assert.Equal("""{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e"},"note":"hi"}""", v1.ToJsonString());
    }
}
