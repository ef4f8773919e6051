namespace Obs.Api.Schema.Descriptions;

/// <summary>What <c>kubectl explain</c> says of events.k8s.io/v1 Event.</summary>
internal static class EventsDescriptionsText
{
    public const string Text = """
        package events

        Event: A report that something happened to an object, as client-go's new event broadcaster writes it. Served by
            conversion: these are the core/v1 Events under other field names, so an event written through either API
            reads the same through the other. Events expire after an hour.
          eventTime: When the event was first observed, to the microsecond. Required.
          series: How often the event has recurred since, when it did.
          reportingController: The component that wrote the event, e.g. kubernetes.io/kubelet. Required.
          reportingInstance: The instance of that component, e.g. the node's name. Required.
          action: What the reporting component did or failed to do, e.g. Scheduling. Required.
          reason: Why, as a CamelCase word: Scheduled, Started, BackOff... Required.
          regarding: The object the event is about.
          related: A second object involved, such as the node a pod was scheduled to.
          note: What happened, for people; at most 1 kB.
          type: Normal or Warning.
          deprecatedSource: The core/v1 source of an event written through core/v1; must be unset on events written here.
          deprecatedFirstTimestamp: The core/v1 firstTimestamp; must be unset on events written here.
          deprecatedLastTimestamp: The core/v1 lastTimestamp; must be unset on events written here.
          deprecatedCount: The core/v1 count; must be unset on events written here.

        EventSeries: How often an event has recurred.
          count: How many times it has happened so far; at least 2.
          lastObservedTime: When it last happened.
        """;
}
