using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace Obs.Dashboard.Tests.Rendering;

/// <summary>A fixed antiforgery token, so components with forms render in tests as they do for a request.</summary>
public sealed class TestAntiforgery : AntiforgeryStateProvider
{
    public const string Token = "test-antiforgery-token";

    public override AntiforgeryRequestToken? GetAntiforgeryToken() => new(Token, "__RequestVerificationToken");
}

public static class TestAntiforgeryServices
{
    public static IServiceCollection AddAntiforgeryForTests(this IServiceCollection services) =>
        services.AddSingleton<AntiforgeryStateProvider, TestAntiforgery>();
}
