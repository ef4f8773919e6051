using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Obs.Dashboard.Tests.Rendering;

/// <summary>A NavigationManager at a fixed address, for components (NavLink, forms) that ask where they are.</summary>
public sealed class TestNavigation : NavigationManager
{
    public TestNavigation(string uri = "http://dashboard.test/") => Initialize("http://dashboard.test/", uri);

    protected override void NavigateToCore(string uri, NavigationOptions options) => Uri = ToAbsoluteUri(uri).ToString();
}

public static class TestNavigationServices
{
    public static IServiceCollection AddNavigationForTests(this IServiceCollection services, string uri = "http://dashboard.test/") =>
        services.AddSingleton<NavigationManager>(new TestNavigation(uri));
}
