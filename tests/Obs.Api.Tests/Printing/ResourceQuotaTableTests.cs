using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

public class ResourceQuotaTableTests
{
    [Fact]
    public void RequestsAndLimitsShowUsedOverHard()
    {
        Assert.Equal("Name|Age|Request|Limit", PrintingAssert.Names(ResourceTypes.ResourceQuota, 0));
        PrintingAssert.Row(ResourceTypes.ResourceQuota, """
            {"metadata":{"name":"q"},"spec":{"hard":{"pods":"2","requests.cpu":"1","limits.memory":"1Gi","limits.cpu":"2"}},
             "status":{"hard":{"pods":"2","requests.cpu":"1","limits.memory":"1Gi","limits.cpu":"2"},"used":{"pods":"1","requests.cpu":"500m","limits.cpu":"1","limits.memory":"0"}}}
            """, """["q","<unknown>","pods: 1/2, requests.cpu: 500m/1","limits.cpu: 1/2, limits.memory: 0/1Gi"]""");
    }

    [Fact]
    public void AQuotaNotCountedYetShowsZeroes()
    {
        PrintingAssert.Row(ResourceTypes.ResourceQuota, """
            {"metadata":{"name":"q"},"spec":{"hard":{"pods":"2"}}}
            """, """["q","<unknown>","pods: 0/0",""]""");
    }
}
