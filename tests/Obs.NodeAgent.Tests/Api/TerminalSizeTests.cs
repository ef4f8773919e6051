using System.Text;
using Obs.NodeAgent.Api;

namespace Obs.NodeAgent.Tests.Api;

public sealed class TerminalSizeTests
{
    [Fact]
    public void ReadsKubectlsResizeMessage() =>
        Assert.Equal(new TerminalSize(120, 50), TerminalSize.Parse("""{"Width":120,"Height":50}"""u8));

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[120,50]")]
    [InlineData("""{"Width":120}""")]
    [InlineData("""{"Width":-1,"Height":50}""")]
    [InlineData("""{"Width":70000,"Height":50}""")]
    public void AnythingElseIsNoSize(string frame) => Assert.Null(TerminalSize.Parse(Encoding.UTF8.GetBytes(frame)));
}
