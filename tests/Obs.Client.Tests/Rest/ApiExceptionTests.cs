using System.Net;
using System.Text.Json.Nodes;
using Obs.Client.Rest;

namespace Obs.Client.Tests.Rest;

public sealed class ApiExceptionTests
{
    [Fact]
    public void StatusBodyGivesCodeReasonMessageAndDetails()
    {
        var body = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}""";
        var e = ApiException.FromResponse(HttpStatusCode.NotFound, body);
        Assert.Equal(404, e.Code);
        Assert.Equal("NotFound", e.Reason);
        Assert.Equal("pods \"x\" not found", e.Message);
        Assert.Equal("x", e.Details!["name"]!.GetValue<string>());
        Assert.True(e.IsNotFound);
        Assert.False(e.IsConflict);
    }

    [Theory]
    [InlineData(404, "NotFound")]
    [InlineData(409, "Conflict")]
    [InlineData(422, "Invalid")]
    [InlineData(429, "TooManyRequests")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(418, "Unknown")]
    public void BodyThatIsNotAStatusGetsTheReasonOfItsCode(int code, string reason)
    {
        var e = ApiException.FromResponse((HttpStatusCode)code, "plain text\n");
        Assert.Equal(code, e.Code);
        Assert.Equal(reason, e.Reason);
        Assert.Equal("plain text", e.Message);
    }

    [Fact]
    public void ExpiredBecomesResourceExpiredException()
    {
        var e = ApiException.FromStatus(new JsonObject { ["kind"] = "Status", ["code"] = 410, ["reason"] = "Expired", ["message"] = "too old resource version: 5 (9)" });
        var expired = Assert.IsType<ResourceExpiredException>(e);
        Assert.True(expired.IsResourceExpired);
        Assert.Equal("too old resource version: 5 (9)", expired.Message);
    }

    [Fact]
    public void AlreadyExistsAndConflictAreBoth409ButDistinct()
    {
        var exists = ApiException.FromStatus(new JsonObject { ["code"] = 409, ["reason"] = "AlreadyExists" });
        var conflict = ApiException.FromStatus(new JsonObject { ["code"] = 409, ["reason"] = "Conflict" });
        Assert.True(exists.IsAlreadyExists);
        Assert.False(exists.IsConflict);
        Assert.True(conflict.IsConflict);
        Assert.False(conflict.IsAlreadyExists);
    }
}
