using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

public sealed class BatchTablesTests
{
    [Fact]
    public void CompleteJobShowsCompletionsAndDuration()
    {
        Assert.Equal("Name|Status|Completions|Duration|Age", PrintingAssert.Names(ResourceTypes.Job, 0));
        PrintingAssert.Row(ResourceTypes.Job, """
            {"metadata":{"name":"pi","creationTimestamp":"2024-05-01T11:00:00Z"},
             "spec":{"completions":1,"parallelism":1,"selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"u1"}},
                     "template":{"spec":{"containers":[{"name":"pi","image":"perl:5.34"}]}}},
             "status":{"succeeded":1,"startTime":"2024-05-01T11:00:02Z","completionTime":"2024-05-01T11:00:40Z",
                       "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}}
            """, """["pi","Complete","1/1","38s","60m","pi","perl:5.34","batch.kubernetes.io/controller-uid=u1"]""");
    }

    [Fact]
    public void RunningJobDurationRunsToNow()
    {
        var cells = PrintingAssert.Cells(ResourceTypes.Job, """
            {"metadata":{"name":"q"},"spec":{"parallelism":4},"status":{"succeeded":2,"startTime":"2024-05-01T11:56:40Z"}}
            """);

        Assert.Equal("Running", cells[1]!.GetValue<string>());
        Assert.Equal("2/1 of 4", cells[2]!.GetValue<string>());
        Assert.Equal("3m20s", cells[3]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"status":{"conditions":[{"type":"Failed","status":"True"}]}}""", "Failed")]
    [InlineData("""{"metadata":{"deletionTimestamp":"2024-05-01T11:00:00Z"}}""", "Terminating")]
    [InlineData("""{"status":{"conditions":[{"type":"Suspended","status":"True"}]}}""", "Suspended")]
    [InlineData("""{"status":{"conditions":[{"type":"FailureTarget","status":"True"}]}}""", "FailureTarget")]
    [InlineData("""{"status":{"conditions":[{"type":"Complete","status":"False"}]}}""", "Running")]
    [InlineData("""{"status":{"conditions":[{"type":"SuccessCriteriaMet","status":"True"}]}}""", "Running")]
    [InlineData("""{"status":{"conditions":[{"type":"Complete","status":"False"},{"type":"Complete","status":"True"}]}}""", "Running")]
    public void JobStatusFollowsConditions(string job, string expected)
    {
        Assert.Equal(expected, PrintingAssert.Cells(ResourceTypes.Job, job)[1]!.GetValue<string>());
    }

    [Fact]
    public void CronJobShowsScheduleZoneSuspendActiveAndLastSchedule()
    {
        Assert.Equal("Name|Schedule|Timezone|Suspend|Active|Last Schedule|Age", PrintingAssert.Names(ResourceTypes.CronJob, 0));
        PrintingAssert.Row(ResourceTypes.CronJob, """
            {"metadata":{"name":"hello","creationTimestamp":"2024-04-30T12:00:00Z"},
             "spec":{"schedule":"*/5 * * * *","suspend":false,
                     "jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"hello","image":"busybox"}]}}}}},
             "status":{"active":[{"name":"hello-1"}],"lastScheduleTime":"2024-05-01T11:55:00Z"}}
            """, """["hello","*/5 * * * *","<none>","False",1,"5m","24h","hello","busybox","<none>"]""");
    }

    [Fact]
    public void CronJobWithoutSuspendOrScheduleHistoryShowsPlaceholders()
    {
        var cells = PrintingAssert.Cells(ResourceTypes.CronJob, """{"metadata":{"name":"c"},"spec":{"schedule":"@daily","timeZone":"Europe/Berlin"}}""");

        Assert.Equal("Europe/Berlin", cells[2]!.GetValue<string>());
        Assert.Equal("<unset>", cells[3]!.GetValue<string>());
        Assert.Equal(0, cells[4]!.GetValue<int>());
        Assert.Equal("<none>", cells[5]!.GetValue<string>());
    }
}
