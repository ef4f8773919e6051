using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Dashboard.Access;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Layout;
using Obs.Dashboard.Tests.Rendering;
using Microsoft.Extensions.DependencyInjection;

namespace Obs.Dashboard.Tests.Layout;

public sealed class UserBarTests
{
    [Fact]
    public async Task SignedInUserSeesTheirNameAndASignOutFormWithAntiforgeryToken()
    {
        using var api = new ApiClient(ClusterConnection.Explicit("https://127.0.0.1:1", null, "t"));
        var html = await ComponentRenderer.RenderAsync<UserBar>(services: s => s
            .AddAntiforgeryForTests()
            .AddSingleton(new CurrentUser { Name = "alice", Api = api, Access = UserAccess.Everything }));

        Assert.Contains("alice", html);
        Assert.Contains("<form method=\"post\" action=\"/signout\"", html);
        Assert.Contains(TestAntiforgery.Token, html);
        Assert.Contains("aria-label=\"Switch between light and dark theme\"", html);
    }

    [Fact]
    public async Task NobodySignedInShowsOnlyTheThemeToggle()
    {
        var html = await ComponentRenderer.RenderAsync<UserBar>(services: s => s.AddAntiforgeryForTests().AddSingleton(new CurrentUser()));

        Assert.DoesNotContain("/signout", html);
        Assert.Contains("id=\"theme-toggle\"", html);
    }
}
