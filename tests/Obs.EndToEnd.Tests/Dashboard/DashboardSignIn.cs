using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Obs.EndToEnd.Tests.Dashboard;

/// <summary>A browser page signed in to a dashboard the way a user does it: the sign-in form with a token.</summary>
public static class DashboardSignIn
{
    public static async Task<IPage> NewSignedInPageAsync(IBrowser browser, string dashboardUrl, string token)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(dashboardUrl + "/signin");
        await page.GetByLabel("Token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        return page;
    }
}
