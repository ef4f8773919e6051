using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

public sealed class WorkloadTablesTests
{
    private const string Template = """
        "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"},{"name":"log","image":"busybox"}]}}
        """;

    [Fact]
    public void DeploymentShowsReadyOverDesiredAndWideTemplateColumns()
    {
        Assert.Equal("Name|Ready|Up-to-date|Available|Age", PrintingAssert.Names(ResourceTypes.Deployment, 0));
        Assert.Equal("Containers|Images|Selector", PrintingAssert.Names(ResourceTypes.Deployment, 1));

        PrintingAssert.Row(ResourceTypes.Deployment, "{" + """
            "metadata":{"name":"web","creationTimestamp":"2024-04-29T09:00:00Z"},
            "spec":{"replicas":3,"selector":{"matchLabels":{"tier":"front","app":"web"},
                    "matchExpressions":[{"key":"env","operator":"In","values":["prod","dev"]},{"key":"canary","operator":"DoesNotExist"}]},
            """ + Template + """
            },
            "status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}
            """, """["web","2/3",3,2,"2d3h","nginx,log","nginx:1.27,busybox","app=web,!canary,env in (dev,prod),tier=front"]""");
    }

    [Fact]
    public void FreshDeploymentWithoutStatusShowsZeros()
    {
        PrintingAssert.Row(ResourceTypes.Deployment, """
            {"metadata":{"name":"web","creationTimestamp":"2024-05-01T11:59:58Z"},"spec":{"replicas":1}}
            """, """["web","0/1",0,0,"2s","","",""]""");
    }

    [Fact]
    public void ReplicaSetShowsDesiredCurrentReady()
    {
        PrintingAssert.Row(ResourceTypes.ReplicaSet, "{" + """
            "metadata":{"name":"web-7c5ddbdf54","creationTimestamp":"2024-05-01T11:00:00Z"},
            "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web","pod-template-hash":"7c5ddbdf54"}},
            """ + Template + """
            },"status":{"replicas":3,"readyReplicas":1}}
            """, """["web-7c5ddbdf54",3,3,1,"60m","nginx,log","nginx:1.27,busybox","app=web,pod-template-hash=7c5ddbdf54"]""");
    }

    [Fact]
    public void EmptySelectorsPrintNoneExceptForDeployments()
    {
        Assert.Equal("<none>", PrintingAssert.Cells(ResourceTypes.ReplicaSet, """{"spec":{"selector":{}}}""")[7]!.GetValue<string>());
        Assert.Equal("<none>", PrintingAssert.Cells(ResourceTypes.DaemonSet, """{"spec":{}}""")[10]!.GetValue<string>());
        Assert.Equal("", PrintingAssert.Cells(ResourceTypes.Deployment, """{"spec":{"selector":{}}}""")[7]!.GetValue<string>());
    }

    [Fact]
    public void StatefulSetShowsReadyOverDesired()
    {
        Assert.Equal("Name|Ready|Age", PrintingAssert.Names(ResourceTypes.StatefulSet, 0));
        PrintingAssert.Row(ResourceTypes.StatefulSet, "{" + """
            "metadata":{"name":"db","creationTimestamp":"2024-05-01T09:00:00Z"},"spec":{"replicas":2,
            """ + Template + """
            },"status":{"readyReplicas":2}}
            """, """["db","2/2","3h","nginx,log","nginx:1.27,busybox"]""");
    }

    [Fact]
    public void DaemonSetShowsCountsAndNodeSelector()
    {
        Assert.Equal("Name|Desired|Current|Ready|Up-to-date|Available|Node Selector|Age", PrintingAssert.Names(ResourceTypes.DaemonSet, 0));
        PrintingAssert.Row(ResourceTypes.DaemonSet, """
            {"metadata":{"name":"agent","creationTimestamp":"2024-05-01T11:50:00Z"},
             "spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"spec":{"nodeSelector":{"zone":"a","kubernetes.io/os":"linux"},
               "containers":[{"name":"agent","image":"agent:1"}]}}},
             "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,"updatedNumberScheduled":3,"numberAvailable":2}}
            """, """["agent",3,3,2,3,2,"kubernetes.io/os=linux,zone=a","10m","agent","agent:1","app=agent"]""");
    }

    [Fact]
    public void DaemonSetWithoutNodeSelectorShowsNone()
    {
        var cells = PrintingAssert.Cells(ResourceTypes.DaemonSet, """{"metadata":{"name":"agent"}}""");

        Assert.Equal("<none>", cells[6]!.GetValue<string>());
        Assert.Equal("<unknown>", cells[7]!.GetValue<string>());
    }

    [Fact]
    public void ControllerRevisionNamesItsController()
    {
        PrintingAssert.Row(ResourceTypes.ControllerRevision, """
            {"metadata":{"name":"agent-5d8f","creationTimestamp":"2024-05-01T11:00:00Z",
               "ownerReferences":[{"apiVersion":"v1","kind":"Other","name":"x"},{"apiVersion":"apps/v1","kind":"DaemonSet","name":"agent","controller":true}]},
             "revision":2}
            """, """["agent-5d8f","daemonset.apps/agent",2,"60m"]""");
        PrintingAssert.Row(ResourceTypes.ControllerRevision, """{"metadata":{"name":"r"},"revision":1}""", """["r","<none>",1,"<unknown>"]""");
    }
}
