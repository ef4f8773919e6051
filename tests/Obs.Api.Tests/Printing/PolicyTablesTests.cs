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
}
