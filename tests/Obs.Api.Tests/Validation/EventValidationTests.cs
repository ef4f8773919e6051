using Obs.Api.Conversion;
using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

/// <summary>Events are checked by the API they are written through: core/v1 leniently, events.k8s.io/v1 as new-style events.</summary>
public class EventValidationTests
{
    /// <summary>An events.k8s.io/v1 body as it is stored (the rules run on the core/v1 form, as Kubernetes' on its internal one).</summary>
    private static System.Text.Json.Nodes.JsonObject Stored(string eventsV1) => EventConversion.ToCore(Obj(eventsV1));

    [Fact]
    public void EventNamespaceMustMatchInvolvedObject()
    {
        var ev = Obj("""{"metadata":{"name":"e","namespace":"a"},"involvedObject":{"kind":"Pod","namespace":"b","name":"p"}}""");
        Assert.Equal(["involvedObject.namespace: Invalid value: \"b\": does not match event.namespace"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.Event, ev)));
    }

    [Fact]
    public void ACoreEventWithAnEventTimeNamesWhoReportedItByItsCoreField()
    {
        var ev = Obj("""{"metadata":{"name":"e","namespace":"a"},"involvedObject":{"kind":"Pod","namespace":"a","name":"p"},"eventTime":"2026-01-01T00:00:00.000000Z"}""");
        Assert.Equal(
            ["reportingComponent: Required value", "reportingInstance: Required value", "action: Required value", "reason: Required value"],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.Event, ev)));
    }

    [Fact]
    public void ANewEventWithoutAnEventTimeIsRefusedThroughEventsV1()
    {
        var ev = Stored("""{"metadata":{"name":"e","namespace":"a"},"regarding":{"kind":"Pod","namespace":"a","name":"p"},"note":"hi"}""");
        Assert.Equal(["eventTime: Required value", "type: Invalid value: \"\": has invalid value: "], Messages(ObjectValidator.ValidateCreate(ResourceTypes.EventV1, ev)));
        // The same event is a valid legacy one through core/v1.
        Assert.Empty(ObjectValidator.ValidateCreate(ResourceTypes.Event, ev));
    }

    [Fact]
    public void ANewEventNeedsWhoWhatAndWhyNamedByTheirEventsV1Fields()
    {
        var ev = Stored("""{"metadata":{"name":"e","namespace":"a"},"eventTime":"2026-01-01T00:00:00.000000Z","type":"Normal","regarding":{"kind":"Pod","namespace":"a","name":"p"}}""");
        Assert.Equal(
            ["reportingController: Required value", "reportingInstance: Required value", "action: Required value", "reason: Required value"],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.EventV1, ev)));
    }

    [Fact]
    public void ANewEventMayNotSetTheDeprecatedFieldsAndItsSeriesMustBeSound()
    {
        var ev = Stored("""
            {"metadata":{"name":"e","namespace":"a"},"eventTime":"2026-01-01T00:00:00.000000Z","type":"Normal","reportingController":"example.com/op",
             "reportingInstance":"op-1","action":"Sync","reason":"Synced","regarding":{"kind":"Pod","namespace":"a","name":"p"},
             "series":{"count":1},"deprecatedSource":{"component":"op"},"deprecatedFirstTimestamp":"2026-01-01T00:00:00Z",
             "deprecatedLastTimestamp":"2026-01-01T00:00:00Z","deprecatedCount":3}
            """);
        Assert.Equal(
            [
                "series.count: Invalid value: \"\": should be at least 2", "series.lastObservedTime: Required value",
                "deprecatedFirstTimestamp: Invalid value: \"\": needs to be unset", "deprecatedLastTimestamp: Invalid value: \"\": needs to be unset",
                "deprecatedCount: Invalid value: \"\": needs to be unset", "deprecatedSource: Invalid value: \"\": needs to be unset",
            ],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.EventV1, ev)));
    }

    [Fact]
    public void AnUpdateThroughEventsV1ChangesOnlyTheSeries()
    {
        const string Event = """
            {"metadata":{"name":"e","namespace":"a"},"eventTime":"2026-01-01T00:00:00.000000Z","type":"Normal","reportingController":"example.com/op",
             "reportingInstance":"op-1","action":"Sync","reason":"Synced","regarding":{"kind":"Pod","namespace":"a","name":"p"},"note":"first"}
            """;
        var old = Stored(Event);
        var recurred = Stored(Event);
        recurred["series"] = Obj("""{"count":2,"lastObservedTime":"2026-01-01T00:01:00.000000Z"}""");
        recurred["eventTime"] = "2026-01-01T00:00:00Z";
        Assert.Empty(ObjectValidator.ValidateUpdate(ResourceTypes.EventV1, recurred, old));

        var rewritten = Stored(Event);
        rewritten["message"] = "second";
        Assert.Equal(["message: Invalid value: \"second\": field is immutable"], Messages(ObjectValidator.ValidateUpdate(ResourceTypes.EventV1, rewritten, old)));
        // Through core/v1 an event may be rewritten, as the legacy recorder does when it counts a repeat.
        Assert.Empty(ObjectValidator.ValidateUpdate(ResourceTypes.Event, rewritten, old));
    }
}
