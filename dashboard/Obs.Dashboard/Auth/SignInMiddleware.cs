using Microsoft.AspNetCore.Http;

namespace Obs.Dashboard.Auth;

/// <summary>
/// Fills the request's <see cref="CurrentUser"/> from the sign-in cookie, and sends a request
/// without a valid one to /signin (with the address to come back to). htmx requests get the
/// address in HX-Redirect instead, so a fragment request does not swap the sign-in page into a
/// list; SSE and other script requests get a plain 401.
/// </summary>
public sealed class SignInMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, SignInCookie cookie, UserSessions sessions, CurrentUser user)
    {
        if (cookie.Read(context) is { } token)
        {
            var result = await sessions.ResolveAsync(token, context.RequestAborted);
            if (result.Session is { } session)
            {
                user.Name = session.Name;
                user.Api = session.Api;
                user.Http = session.Http;
                user.SessionAccess = session.Access;
                user.Access = await session.Access.GetAsync(context.RequestAborted);
            }
        }
        if (user.IsSignedIn || IsPublic(context.Request.Path))
        {
            await next(context);
            return;
        }
        var signIn = "/signin?returnUrl=" + Uri.EscapeDataString(context.Request.PathBase + context.Request.Path + context.Request.QueryString);
        if (context.Request.Headers.ContainsKey("HX-Request"))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers["HX-Redirect"] = signIn;
        }
        else if (HttpMethods.IsGet(context.Request.Method) && !context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.Ordinal))
        {
            context.Response.Redirect(signIn);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
    }

    /// <summary>
    /// What anyone may fetch: the sign-in page itself, sign-out, the static files, the health and readiness
    /// checks, and the dashboard's own metrics (counts and durations only, no cluster data; Prometheus scrapes
    /// it without a cookie, as it does Grafana).
    /// </summary>
    private static bool IsPublic(PathString path) =>
        path.StartsWithSegments("/signin") || path.StartsWithSegments("/signout") ||
        path.StartsWithSegments("/assets") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/-/ready") ||
        path.StartsWithSegments("/metrics");
}
