using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Obs.Dashboard.Auth;

namespace Obs.Dashboard.Pages.SignIn;

public sealed partial class SignInPage
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [Inject] private UserSessions Sessions { get; set; } = default!;

    [Inject] private SignInCookie Cookie { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromForm] private string? Token { get; set; }

    [SupplyParameterFromQuery] private string? ReturnUrl { get; set; }

    private string? Message { get; set; }

    private async Task SignInAsync()
    {
        var token = Token?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            Message = "Enter a token.";
            return;
        }
        var result = await Sessions.ResolveAsync(token, HttpContext.RequestAborted);
        if (result.Session is null)
        {
            Message = result.Error;
            return;
        }
        Cookie.Write(HttpContext, token);
        // In static SSR this ends the request with a redirect (the cookie goes with it).
        Navigation.NavigateTo(LocalUrl.OrRoot(ReturnUrl));
    }
}
