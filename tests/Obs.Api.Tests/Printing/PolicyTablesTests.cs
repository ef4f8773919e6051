using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

public class PolicyTablesTests
{
    [Fact]
    public void PriorityClassShowsValueDefaultAndPolicy()
    {
        Assert.Equal("Name|Value|Global-Default|Age|PreemptionPolicy", PrintingAssert.Names(ResourceTypes.PriorityClass, 0));
        PrintingAssert.Row(ResourceTypes.PriorityClass, """
            {"metadata":{"name":"high"},"value":1000,"globalDefault":true,"preemptionPolicy":"Never"}
            """, """["high",1000,true,"<unknown>","Never"]""");
    }

    [Fact]
    public void NetworkPolicyShowsItsPodSelector()
    {
        Assert.Equal("Name|Pod-Selector|Age", PrintingAssert.Names(ResourceTypes.NetworkPolicy, 0));
        PrintingAssert.Row(ResourceTypes.NetworkPolicy, """
            {"metadata":{"name":"db"},"spec":{"podSelector":{"matchLabels":{"app":"db"}}}}
            """, """["db","app=db","<unknown>"]""");
        PrintingAssert.Row(ResourceTypes.NetworkPolicy, """
            {"metadata":{"name":"all"},"spec":{"podSelector":{}}}
            """, """["all","<none>","<unknown>"]""");
    }

    [Fact]
    public void LimitRangeShowsWhenItWasMade()
    {
        Assert.Equal("Name|Created At", PrintingAssert.Names(ResourceTypes.LimitRange, 0));
        PrintingAssert.Row(ResourceTypes.LimitRange, """
            {"metadata":{"name":"limits","creationTimestamp":"2024-05-01T10:00:00Z"},"spec":{"limits":[]}}
            """, """["limits","2024-05-01T10:00:00Z"]""");
    }
}
