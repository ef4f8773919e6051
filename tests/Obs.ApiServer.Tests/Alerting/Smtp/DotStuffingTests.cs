using Obs.ApiServer.Alerting.Smtp;

namespace Obs.ApiServer.Tests.Alerting.Smtp;

public sealed class DotStuffingTests
{
    [Fact]
    public void ALineStartingWithADotGetsASecondOneAndTheMarkerEndsTheData() =>
        Assert.Equal("a\r\n..\r\n..b\r\n.\r\n", DotStuffing.Encode("a\r\n.\r\n.b"));

    [Fact]
    public void BareLineFeedsAndCarriageReturnsBecomeCrlf() =>
        Assert.Equal("a\r\nb\r\nc\r\n\r\nd\r\n.\r\n", DotStuffing.Encode("a\nb\rc\n\nd\n"));

    [Fact]
    public void ADotInsideALineIsLeftAlone() =>
        Assert.Equal("see docs/runbooks/X.md.\r\n.\r\n", DotStuffing.Encode("see docs/runbooks/X.md."));
}
