using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Dashboard.Access;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Pages;

/// <summary>What a page needs from the host when rendered alone: its address (query filters), the user, the clock, an antiforgery source.</summary>
public static class PageServices
{
    public static IServiceCollection AddPage(this IServiceCollection services, string uri, CurrentUser user, TimeProvider? time = null)
    {
        services.AddNavigationForTests(uri);
        services.AddSupplyValueFromQueryProvider();
        services.AddSingleton(user);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton<AntiforgeryStateProvider, NoAntiforgery>();
        return services;
    }

    /// <summary>A user whose apiserver does not answer: a port nothing listens on.</summary>
    public static CurrentUser Unreachable()
    {
        var connection = ClusterConnection.Explicit($"https://127.0.0.1:{Obs.Testing.FreePort.Next()}", null, "token");
        return new CurrentUser { Name = "admin", Api = new ApiClient(connection), Http = new HttpClient { BaseAddress = connection.Server }, Access = UserAccess.Everything };
    }

    /// <summary>Rendering alone has no request, so no token; the host tests post real forms with real tokens.</summary>
    private sealed class NoAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => null;
    }
}
