using Obs.NodeAgent.Api;

namespace Obs.NodeAgent.Tests.Api;

public sealed class ExecStatusTests
{
    [Fact]
    public void ZeroIsSuccess() => Assert.Equal("""{"metadata":{},"status":"Success"}""", ExecStatus.For(0, ["true"]).ToJsonString());

    [Fact]
    public void NonZeroCarriesTheExitCodeAsKubectlReadsIt() => Assert.Equal(
        """{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}""",
        ExecStatus.For(3, ["sh", "-c", "exit 3"]).ToJsonString());

    [Fact]
    public async Task RequestHeadKeepsRepeatedQueryKeys()
    {
        var head = "GET /exec/default/web/main?command=sh&command=-c&command=echo%20hi&stdout=true HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\r\n"u8.ToArray();
        var request = await AgentRequest.ReadAsync(new MemoryStream(head), CancellationToken.None);
        Assert.Equal("/exec/default/web/main", request!.Path);
        Assert.Equal(["sh", "-c", "echo hi"], request.QueryValues("command"));
        Assert.True(request.QueryFlag("stdout"));
        Assert.Equal("Bearer t", request.Header("Authorization"));
    }
}
