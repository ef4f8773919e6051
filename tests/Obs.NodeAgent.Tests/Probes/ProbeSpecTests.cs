using System.Text.Json.Nodes;
using Obs.Api.Quantities;
using Obs.NodeAgent.Probes;

namespace Obs.NodeAgent.Tests.Probes;

public sealed class ProbeSpecTests
{
    [Fact]
    public void DefaultsAreTheApis()
    {
        var spec = ProbeSpec.FromJson(JsonNode.Parse("""{"tcpSocket":{"port":8080}}""")!.AsObject());
        Assert.Equal(new ProbeSpec(new TcpSocketHandler(null, IntOrString.FromInt(8080)), TimeSpan.Zero, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), 1, 3), spec);
    }

    [Fact]
    public void ReadsEveryTiming()
    {
        var spec = ProbeSpec.FromJson(JsonNode.Parse("""{"exec":{"command":["true"]},"initialDelaySeconds":5,"periodSeconds":2,"timeoutSeconds":3,"successThreshold":2,"failureThreshold":4}""")!.AsObject());
        Assert.Equal(TimeSpan.FromSeconds(5), spec.InitialDelay);
        Assert.Equal(TimeSpan.FromSeconds(2), spec.Period);
        Assert.Equal(TimeSpan.FromSeconds(3), spec.Timeout);
        Assert.Equal(2, spec.SuccessThreshold);
        Assert.Equal(4, spec.FailureThreshold);
    }
}
