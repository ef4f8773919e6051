using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Obs.Client.Rest;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Components.Objects;

namespace Obs.Dashboard.Logs;

/// <summary>
/// The log endpoints beside the pod page: <c>…/log/stream</c> follows a container's log with the
/// signed-in user's token and relays each line as it comes, as server-sent events to htmx's sse
/// extension (<c>Accept: text/event-stream</c>) or as plain text to anything else (a browser
/// without JavaScript, curl); <c>…/log/download</c> returns the whole log as a file.
/// </summary>
public static class LogEndpoints
{
    public static IEndpointRouteBuilder MapPodLogs(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/pods/{namespace}/{name}/log/stream", StreamAsync);
        routes.MapGet("/pods/{namespace}/{name}/log/download", DownloadAsync);
        return routes;
    }

    public static async Task StreamAsync(HttpContext context, string @namespace, string name)
    {
        if (Api(context) is not { } api)
        {
            await RefuseAsync(context);
            return;
        }
        var query = context.Request.Query;
        var request = new LogRequest(@namespace, name, query["container"], query["previous"] == "true",
            int.TryParse(query["tail"], CultureInfo.InvariantCulture, out var tail) ? tail : 100, Follow: true);
        var search = query["search"].ToString();
        var sse = context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
        context.Response.ContentType = sse ? "text/event-stream" : "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        var aborted = context.RequestAborted;
        try
        {
            await context.Response.StartAsync(aborted);
            await foreach (var line in new PodLogReader(api.Connection).LinesAsync(request, aborted))
            {
                if (search.Length > 0 && !line.Contains(search, StringComparison.OrdinalIgnoreCase)) continue;
                await context.Response.WriteAsync(sse ? $"data: <div>{HtmlEncoder.Default.Encode(line)}</div>\n\n" : line + "\n", aborted);
                await context.Response.Body.FlushAsync(aborted);
            }
            if (sse) await context.Response.WriteAsync("event: end\ndata: <div class=\"muted\">The log ended.</div>\n\n", aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The browser left; the follow request to the apiserver was cancelled with it.
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException)
        {
            var message = ApiErrorText.Describe(e);
            await context.Response.WriteAsync(sse ? $"event: error\ndata: <div class=\"error\">{HtmlEncoder.Default.Encode(message)}</div>\n\n" : $"error: {message}\n", aborted);
        }
    }

    public static async Task DownloadAsync(HttpContext context, string @namespace, string name)
    {
        if (Api(context) is not { } api)
        {
            await RefuseAsync(context);
            return;
        }
        var query = context.Request.Query;
        var container = query["container"].ToString();
        var request = new LogRequest(@namespace, name, container, query["previous"] == "true", TailLines: null);
        IReadOnlyList<string> lines;
        try
        {
            lines = await new PodLogReader(api.Connection).ReadAsync(request, context.RequestAborted);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException)
        {
            context.Response.StatusCode = e is ApiException refusal ? refusal.Code : StatusCodes.Status502BadGateway;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(ApiErrorText.Describe(e) + "\n");
            return;
        }
        var file = $"{name}{(container.Length > 0 ? "-" + container : "")}{(request.Previous ? "-previous" : "")}.log";
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileNameStar = file, FileName = file }.ToString();
        foreach (var line in lines) await context.Response.WriteAsync(line + "\n", context.RequestAborted);
    }

    private static ApiClient? Api(HttpContext context) => context.RequestServices.GetService<CurrentUser>()?.Api;

    private static Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("Sign in to read logs.\n");
    }
}
