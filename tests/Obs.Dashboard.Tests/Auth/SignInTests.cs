using System.Net;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Tests.Hosting;

namespace Obs.Dashboard.Tests.Auth;

[Collection(DashboardCollection.Name)]
public sealed class SignInTests(DashboardFixture fixture)
{
    [Fact]
    public async Task AnonymousRequestIsSentToSignInWithTheAddressToComeBackTo()
    {
        using var browser = fixture.NewBrowser();

        using var response = await browser.GetAsync("/nodes?page=2");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Fnodes%3Fpage%3D2", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignInPageAndAssetsAreServedWithoutSigningIn()
    {
        using var browser = fixture.NewBrowser();

        var page = await browser.Http.GetStringAsync("/signin");
        using var htmx = await browser.GetAsync("/assets/vendor/htmx.min.js");
        using var beer = await browser.GetAsync("/assets/vendor/beercss/beer.min.css");

        Assert.Contains("<label for=\"token\">Token</label>", page);
        Assert.Contains("assets/vendor/beercss/beer.min.css", page);
        Assert.Equal(HttpStatusCode.OK, htmx.StatusCode);
        Assert.Equal(HttpStatusCode.OK, beer.StatusCode);
        Assert.DoesNotContain("cdn.jsdelivr", await beer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WrongTokenShowsAMessageAndSetsNoCookie()
    {
        using var browser = fixture.NewBrowser();

        using var response = await browser.SubmitAsync("/signin", "signin", new Dictionary<string, string> { ["Token"] = "not-a-token-of-this-cluster" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The API did not accept this token.", html);
        Assert.DoesNotContain(browser.Cookies.GetCookies(browser.Http.BaseAddress!), c => c.Name == SignInCookie.Name);
    }

    [Fact]
    public async Task GoodTokenSetsAProtectedHttpOnlyCookieAndPagesRender()
    {
        using var browser = fixture.NewBrowser();

        using var response = await browser.SubmitAsync("/signin?returnUrl=%2Fnodes", "signin", new Dictionary<string, string> { ["Token"] = fixture.AdminToken });
        var setCookie = string.Join("\n", response.Headers.GetValues("Set-Cookie"));
        using var page = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/nodes", browser.LocalPath(response));
        Assert.Contains($"{SignInCookie.Name}=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(fixture.AdminToken, setCookie);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Sign out", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReturnAddressOnAnotherSiteIsIgnored()
    {
        using var browser = fixture.NewBrowser();

        using var response = await browser.SubmitAsync("/signin?returnUrl=%2F%2Fevil.example%2F", "signin", new Dictionary<string, string> { ["Token"] = fixture.AdminToken });

        Assert.Equal("/", browser.LocalPath(response));
    }

    [Fact]
    public async Task ForgedCookieIsTreatedAsSignedOut()
    {
        using var browser = fixture.NewBrowser();
        browser.Cookies.Add(browser.Http.BaseAddress!, new Cookie(SignInCookie.Name, fixture.AdminToken));

        using var response = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task SignOutClearsTheCookieAndPagesRedirectAgain()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);

        using var signOut = await browser.SubmitAsync("/", "", new Dictionary<string, string>(), postPath: "/signout");
        using var after = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/signin", signOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task SignOutWithoutTheAntiforgeryTokenIsRefused()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);

        using var signOut = await browser.Http.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        using var after = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
