using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Obs.Dashboard.Auth;

/// <summary>
/// POST /signout: forgets the session and clears the cookie. It binds a form field, which makes
/// ASP.NET require a valid antiforgery token, so another site cannot sign the user out.
/// </summary>
public static class SignOutEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/signout", ([FromForm(Name = "returnUrl")] string? returnUrl, HttpContext context, SignInCookie cookie, UserSessions sessions) =>
        {
            if (cookie.Read(context) is { } token) sessions.Forget(token);
            SignInCookie.Delete(context);
            return Results.Redirect("/signin" + (LocalUrl.IsLocal(returnUrl) ? "?returnUrl=" + Uri.EscapeDataString(returnUrl!) : ""));
        });
}
