using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Dashboard.Access;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Logs;
using Obs.Dashboard.Tests.Pages.Pods;
using Obs.Testing;

namespace Obs.Dashboard.Tests.Logs;

/// <summary>
/// The log endpoints against a real apiserver. No node agent runs here, so the pod has no node and
/// the apiserver refuses its log: what is tested is that the refusal reaches the user in each form
/// (an SSE error event, a line of text, a status on download) and that the user's token is the one used.
/// </summary>
public sealed class LogEndpointsTests(TestCluster cluster) : IClassFixture<TestCluster>, IAsyncLifetime
{
    private readonly ApiClient _api = ApiClient.FromKubeconfig(cluster.Kubeconfig);
    private readonly string _ns = "logs-" + Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync() => PodObjects.CreatePendingAsync(_api, _ns);

    [Fact]
    public async Task TheStreamSendsTheRefusalAsAnSseErrorEvent()
    {
        var (_, body, contentType) = await CallAsync(LogEndpoints.StreamAsync, "pending", "?container=app", _api, accept: "text/event-stream");

        Assert.Equal("text/event-stream", contentType);
        Assert.Equal("event: error\ndata: <div class=\"error\">BadRequest: pod pending does not have a host assigned</div>\n\n", body);
    }

    [Fact]
    public async Task WithoutSseTheStreamIsPlainText()
    {
        var (_, body, contentType) = await CallAsync(LogEndpoints.StreamAsync, "pending", "", _api);

        Assert.Equal("text/plain; charset=utf-8", contentType);
        Assert.Equal("error: BadRequest: pod pending does not have a host assigned\n", body);
    }

    [Fact]
    public async Task DownloadAnswersWithTheApisStatus()
    {
        var (status, body, _) = await CallAsync(LogEndpoints.DownloadAsync, "missing", "?container=app", _api);

        Assert.Equal(404, status);
        Assert.StartsWith("NotFound: ", body);
    }

    [Fact]
    public async Task NobodySignedInIsRefused()
    {
        var (status, body, _) = await CallAsync(LogEndpoints.StreamAsync, "pending", "", null);

        Assert.Equal(401, status);
        Assert.Equal("Sign in to read logs.\n", body);
    }

    [Fact]
    public void TheApiPathCarriesTheLogOptions()
    {
        var request = new LogRequest("shop", "api-1", "app", Previous: true, TailLines: 50, Follow: true);

        Assert.Equal("/api/v1/namespaces/shop/pods/api-1/log?container=app&previous=true&tailLines=50&follow=true", request.ApiPath);
        Assert.Equal("/pods/shop/api-1/log/stream?container=app&previous=true", request.DashboardPath("stream"));
    }

    [Fact]
    public void SearchKeepsTheMatchingLinesIgnoringCase()
    {
        Assert.Equal(["GET /a ERROR", "error again"], PodLogReader.Filter(["GET /a ERROR", "fine", "error again"], "error"));
    }

    private async Task<(int Status, string Body, string? ContentType)> CallAsync(Func<HttpContext, string, string, Task> endpoint, string pod, string query, ApiClient? user, string? accept = null)
    {
        var services = new ServiceCollection().AddSingleton(new CurrentUser { Name = "tester", Api = user, Access = UserAccess.Everything }).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        if (accept is not null) context.Request.Headers.Accept = accept;
        using var body = new MemoryStream();
        context.Response.Body = body;
        await endpoint(context, _ns, pod);
        return (context.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()), context.Response.ContentType);
    }

    public Task DisposeAsync()
    {
        _api.Dispose();
        return Task.CompletedTask;
    }
}
