namespace Obs.Api.Schema;

/// <summary>events.k8s.io/v1 Event: the core/v1 Events under the names client-go's new event broadcaster uses.</summary>
internal static class EventsSchemaText
{
    public const string Text = """
        package events io.k8s.api.events.v1 events.k8s.io/v1

        kind Event
          metadata                    meta.ObjectMeta       1
          eventTime                   microtime             2
          series                      EventSeries           3
          reportingController         string                4
          reportingInstance           string                5
          action                      string                6
          reason                      string                7
          regarding                   core.ObjectReference  8
          related                     core.ObjectReference  9
          note                        string                10
          type                        string                11
          deprecatedSource            core.EventSource      12
          deprecatedFirstTimestamp    time                  13
          deprecatedLastTimestamp     time                  14
          deprecatedCount             int32                 15

        type EventSeries
          count                       int32                 1
          lastObservedTime            microtime             2
        """;
}
