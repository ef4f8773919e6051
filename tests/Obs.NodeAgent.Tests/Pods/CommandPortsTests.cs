using Obs.NodeAgent.Pods;

namespace Obs.NodeAgent.Tests.Pods;

public class CommandPortsTests
{
    private static readonly (string?, int, int)[] Moved = [("http", 8000, 35033)];

    [Theory]
    [InlineData("8000", "35033")]
    [InlineData("--port=8000", "--port=35033")]
    [InlineData("0.0.0.0:8000", "0.0.0.0:35033")]
    [InlineData("python3 -m http.server 8000 --bind 0.0.0.0", "python3 -m http.server 35033 --bind 0.0.0.0")]
    [InlineData("curl -f http://localhost:8000/healthz", "curl -f http://localhost:35033/healthz")]
    [InlineData("serve --listen ':8000'; echo 8000", "serve --listen ':35033'; echo 35033")]
    public void TheDeclaredPortStandingAsANumberOfItsOwnBecomesTheAssignedOne(string given, string expected) =>
        Assert.Equal(expected, CommandPorts.Follow(given, Moved));

    [Theory]
    [InlineData("18000")]
    [InlineData("80000")]
    [InlineData("--timeout=8000ms")]
    [InlineData("10.0.8000.1")]
    [InlineData("v8000")]
    [InlineData("sleep")]
    public void OtherNumbersAndWordsThatContainItAreLeftAlone(string given) =>
        Assert.Same(given, CommandPorts.Follow(given, Moved));

    [Fact]
    public void APortThatDidNotMoveChangesNothing()
    {
        const string Given = "http.server 8000";
        Assert.Same(Given, CommandPorts.Follow(Given, [("http", 8000, 8000)]));
    }
}
