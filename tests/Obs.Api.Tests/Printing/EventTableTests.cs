using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

public sealed class EventTableTests
{
    [Fact]
    public void ColumnsMatchKubectlGetEvents()
    {
        Assert.Equal("Last Seen|Type|Reason|Object|Message", PrintingAssert.Names(ResourceTypes.Event, 0));
        Assert.Equal("Subobject|Source|First Seen|Count|Name", PrintingAssert.Names(ResourceTypes.Event, 1));
    }

    [Fact]
    public void CoreEventShowsTimesObjectSourceAndCount()
    {
        PrintingAssert.Row(ResourceTypes.Event, """
            {"metadata":{"name":"web-1.17c3"},"type":"Warning","reason":"BackOff","message":"Back-off restarting failed container\n",
             "involvedObject":{"kind":"Pod","name":"web-1","fieldPath":"spec.containers{nginx}"},
             "source":{"component":"kubelet","host":"node-a"},
             "firstTimestamp":"2024-05-01T11:00:00Z","lastTimestamp":"2024-05-01T11:59:00Z","count":12}
            """, """["60s","Warning","BackOff","pod/web-1","spec.containers{nginx}","kubelet, node-a","Back-off restarting failed container","60m",12,"web-1.17c3"]""");
    }

    [Fact]
    public void NewApiEventUsesEventTimeSeriesAndReportingController()
    {
        PrintingAssert.Row(ResourceTypes.Event, """
            {"metadata":{"name":"e"},"type":"Normal","reason":"ScalingReplicaSet","message":"Scaled up",
             "involvedObject":{"kind":"Deployment"},"reportingComponent":"deployment-controller",
             "eventTime":"2024-05-01T11:50:00.000000Z","series":{"count":4,"lastObservedTime":"2024-05-01T11:58:00.000000Z"}}
            """, """["2m","Normal","ScalingReplicaSet","deployment","","deployment-controller","Scaled up","10m",4,"e"]""");
    }

    [Fact]
    public void SingletonEventWithoutCountCountsOnce()
    {
        var cells = PrintingAssert.Cells(ResourceTypes.Event, """
            {"metadata":{"name":"e"},"involvedObject":{"kind":"Pod","name":"p"},"eventTime":"2024-05-01T11:59:00.000000Z"}
            """);

        Assert.Equal("60s", cells[0]!.GetValue<string>());
        Assert.Equal(1, cells[8]!.GetValue<long>());
    }
}
