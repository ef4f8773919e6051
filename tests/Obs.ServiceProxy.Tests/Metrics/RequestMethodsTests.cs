using Obs.ServiceProxy.Metrics;

namespace Obs.ServiceProxy.Tests.Metrics;

public sealed class RequestMethodsTests
{
    [Theory]
    [InlineData("GET", "GET")]
    [InlineData("PATCH", "PATCH")]
    [InlineData("CONNECT", "CONNECT")]
    [InlineData("get", "_OTHER")]
    [InlineData("PURGE", "_OTHER")]
    [InlineData("PROPFIND", "_OTHER")]
    public void UnknownMethodsFoldIntoOther(string method, string label) => Assert.Equal(label, RequestMethods.Normalize(method));
}
