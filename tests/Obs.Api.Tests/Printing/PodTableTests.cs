using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

public sealed class PodTableTests
{
    private const string Meta = """ "metadata":{"name":"web-1","creationTimestamp":"2024-05-01T11:55:00Z"} """;

    [Fact]
    public void ColumnsMatchKubectlGetPods()
    {
        Assert.Equal("Name|Ready|Status|Restarts|Age", PrintingAssert.Names(ResourceTypes.Pod, 0));
        Assert.Equal("IP|Node|Nominated Node|Readiness Gates", PrintingAssert.Names(ResourceTypes.Pod, 1));
    }

    [Fact]
    public void RunningPodShowsReadyCountIpAndNode()
    {
        PrintingAssert.Row(ResourceTypes.Pod, $$$$$"""
            { {{{{{Meta}}}}}, "spec":{"nodeName":"node-a","containers":[{"name":"nginx"}]},
              "status":{"phase":"Running","podIP":"10.1.0.7","podIPs":[{"ip":"10.1.0.7"}],
                "containerStatuses":[{"name":"nginx","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2024-05-01T11:55:10Z"}}}]}}
            """, """["web-1","1/1","Running","0","5m","10.1.0.7","node-a","<none>","<none>"]""");
    }

    [Fact]
    public void ARunningContainerThatIsNotReadyIsNotCountedReady()
    {
        PrintingAssert.Row(ResourceTypes.Pod, $$$$$"""
            { {{{{{Meta}}}}}, "spec":{"nodeName":"node-a","containers":[{"name":"nginx"}]},
              "status":{"phase":"Running","podIP":"10.1.0.7",
                "containerStatuses":[{"name":"nginx","ready":false,"restartCount":0,"state":{"running":{"startedAt":"2024-05-01T11:55:10Z"}}}]}}
            """, """["web-1","0/1","Running","0","5m","10.1.0.7","node-a","<none>","<none>"]""");
    }

    [Fact]
    public void PendingPodWithoutStatusShowsPendingAndNones()
    {
        PrintingAssert.Row(ResourceTypes.Pod, $$$$$"""
            { {{{{{Meta}}}}}, "spec":{"containers":[{"name":"a"},{"name":"b"}]}, "status":{"phase":"Pending"}}
            """, """["web-1","0/2","Pending","0","5m","<none>","<none>","<none>","<none>"]""");
    }

    [Theory]
    [InlineData("""{"waiting":{"reason":"ContainerCreating"}}""", "ContainerCreating")]
    [InlineData("""{"waiting":{"reason":"CrashLoopBackOff","message":"back-off"}}""", "CrashLoopBackOff")]
    [InlineData("""{"terminated":{"reason":"Completed","exitCode":0}}""", "Completed")]
    [InlineData("""{"terminated":{"reason":"Error","exitCode":1}}""", "Error")]
    [InlineData("""{"terminated":{"reason":"OOMKilled","exitCode":137}}""", "OOMKilled")]
    [InlineData("""{"terminated":{"exitCode":2}}""", "ExitCode:2")]
    [InlineData("""{"terminated":{"exitCode":0,"signal":9}}""", "Signal:9")]
    public void ContainerStateGivesTheStatus(string state, string expected)
    {
        var cells = PrintingAssert.Cells(ResourceTypes.Pod, $$$$$"""
            { {{{{{Meta}}}}}, "spec":{"containers":[{"name":"a"}]},
              "status":{"phase":"Running","containerStatuses":[{"name":"a","ready":false,"restartCount":0,"state":{{{{{state}}}}}}]}}
            """);

        Assert.Equal(expected, cells[2]!.GetValue<string>());
    }

    [Fact]
    public void RestartsShowTheAgeOfTheLastRestart()
    {
        var cells = PrintingAssert.Cells(ResourceTypes.Pod, $$$$$"""
            { {{{{{Meta}}}}}, "spec":{"containers":[{"name":"a"},{"name":"b"}]},
              "status":{"phase":"Running","containerStatuses":[
                {"name":"a","ready":false,"restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
                 "lastState":{"terminated":{"exitCode":1,"finishedAt":"2024-05-01T11:58:00Z"}}},
                {"name":"b","ready":true,"restartCount":1,"state":{"running":{}},
                 "lastState":{"terminated":{"exitCode":1,"finishedAt":"2024-05-01T11:50:00Z"}}}]}}
            """);

        Assert.Equal("1/2", cells[1]!.GetValue<string>());
        Assert.Equal("CrashLoopBackOff", cells[2]!.GetValue<string>());
        Assert.Equal("4 (2m ago)", cells[3]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""[]""", "Init:0/2")]
    [InlineData("""[{"name":"i1","restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},{"name":"i2","restartCount":0,"state":{"running":{}}}]""", "Init:1/2")]
    [InlineData("""[{"name":"i1","restartCount":2,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]""", "Init:CrashLoopBackOff")]
    [InlineData("""[{"name":"i1","restartCount":0,"state":{"terminated":{"exitCode":3}}}]""", "Init:ExitCode:3")]
    [InlineData("""[{"name":"i1","restartCount":0,"state":{"terminated":{"exitCode":1,"reason":"Error"}}}]""", "Init:Error")]
    [InlineData("""[{"name":"i1","restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}]""", "Init:0/2")]
    public void InitContainersReportProgress(string initStatuses, string expected)
    {
        var statuses = initStatuses == "[]" ? """[{"name":"i1","restartCount":0,"state":{"waiting":{}}}]""" : initStatuses;
        var cells = PrintingAssert.Cells(ResourceTypes.Pod, $$$$$"""
            { {{{{{Meta}}}}}, "spec":{"initContainers":[{"name":"i1"},{"name":"i2"}],"containers":[{"name":"a"}]},
              "status":{"phase":"Pending","initContainerStatuses":{{{{{statuses}}}}},
                "containerStatuses":[{"name":"a","ready":false,"restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}]}}
            """);

        Assert.Equal(expected, cells[2]!.GetValue<string>());
    }

    [Fact]
    public void SidecarsCountAsContainersOnceStarted()
    {
        var cells = PrintingAssert.Cells(ResourceTypes.Pod, $$$$$"""
            { {{{{{Meta}}}}}, "spec":{"initContainers":[{"name":"proxy","restartPolicy":"Always"}],"containers":[{"name":"a"}]},
              "status":{"phase":"Running","conditions":[{"type":"Initialized","status":"True"}],
                "initContainerStatuses":[{"name":"proxy","ready":true,"started":true,"restartCount":1,"state":{"running":{}}}],
                "containerStatuses":[{"name":"a","ready":true,"restartCount":0,"state":{"running":{}}}]}}
            """);

        Assert.Equal("2/2", cells[1]!.GetValue<string>());
        Assert.Equal("Running", cells[2]!.GetValue<string>());
        Assert.Equal("1", cells[3]!.GetValue<string>());
    }

    [Fact]
    public void DeletedPodIsTerminatingUnlessFinished()
    {
        const string spec = """ "spec":{"containers":[{"name":"a"}]} """;
        var running = PrintingAssert.Cells(ResourceTypes.Pod, $$$$$"""
            {"metadata":{"name":"p","deletionTimestamp":"2024-05-01T11:59:00Z"}, {{{{{spec}}}}},
             "status":{"phase":"Running","containerStatuses":[{"name":"a","ready":true,"state":{"running":{}}}]}}
            """);
        var succeeded = PrintingAssert.Cells(ResourceTypes.Pod, $$$$$"""
            {"metadata":{"name":"p","deletionTimestamp":"2024-05-01T11:59:00Z"}, {{{{{spec}}}}},
             "status":{"phase":"Succeeded","containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}}
            """);
        var lost = PrintingAssert.Cells(ResourceTypes.Pod, $$$$$"""
            {"metadata":{"name":"p","deletionTimestamp":"2024-05-01T11:59:00Z"}, {{{{{spec}}}}}, "status":{"phase":"Running","reason":"NodeLost"}}
            """);
        var lostNotDeleted = PrintingAssert.Cells(ResourceTypes.Pod, $$$$$"""
            {"metadata":{"name":"p"}, {{{{{spec}}}}}, "status":{"phase":"Running","reason":"NodeLost"}}
            """);

        Assert.Equal("Terminating", running[2]!.GetValue<string>());
        Assert.Equal("Completed", succeeded[2]!.GetValue<string>());
        Assert.Equal("Unknown", lost[2]!.GetValue<string>());
        Assert.Equal("NodeLost", lostNotDeleted[2]!.GetValue<string>());
    }

    [Fact]
    public void CompletedContainerBesideARunningOneShowsRunningOrNotReady()
    {
        const string body = """
            "spec":{"containers":[{"name":"a"},{"name":"b"}]},
            "status":{"phase":"Running",CONDITIONS"containerStatuses":[
              {"name":"a","ready":true,"state":{"running":{}}},
              {"name":"b","ready":false,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}
            """;
        var ready = PrintingAssert.Cells(ResourceTypes.Pod,
            "{\"metadata\":{\"name\":\"p\"}," + body.Replace("CONDITIONS", "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],") + "}");
        var notReady = PrintingAssert.Cells(ResourceTypes.Pod, "{\"metadata\":{\"name\":\"p\"}," + body.Replace("CONDITIONS", "") + "}");

        // "b" completed while "a" still runs: the pod is not Completed.
        Assert.Equal("Running", ready[2]!.GetValue<string>());
        Assert.Equal("NotReady", notReady[2]!.GetValue<string>());
    }

    [Fact]
    public void SchedulingGatedAndReadinessGatesAreShown()
    {
        PrintingAssert.Row(ResourceTypes.Pod, $$$$$"""
            { {{{{{Meta}}}}}, "spec":{"containers":[{"name":"a"}],"readinessGates":[{"conditionType":"x/lb"},{"conditionType":"x/dns"}]},
              "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"},{"type":"x/lb","status":"True"}]}}
            """, """["web-1","0/1","SchedulingGated","0","5m","<none>","<none>","<none>","1/2"]""");
    }
}
