using Obs.Api.CustomResources;

namespace Obs.Api.Tests.CustomResources;

public sealed class VersionPriorityTests
{
    [Fact]
    public void GaComesBeforeBetaBeforeAlphaHigherFirstThenOtherNames()
    {
        var versions = new List<string> { "v1alpha1", "foo", "v1", "v2beta1", "v1beta2", "v11alpha2", "v2", "bar", "v1beta1" };
        versions.Sort(VersionPriority.Compare);
        Assert.Equal(["v2", "v1", "v2beta1", "v1beta2", "v1beta1", "v11alpha2", "v1alpha1", "bar", "foo"], versions);
    }
}
