using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Obs.Dashboard.Tests.Rendering;

/// <summary>
/// Renders one Razor component to HTML with ASP.NET Core's HtmlRenderer (bunit is not served
/// here), with the services a test gives it, so component tests assert on the markup a browser gets.
/// </summary>
public static class ComponentRenderer
{
    public static async Task<string> RenderAsync<TComponent>(IDictionary<string, object?>? parameters = null, Action<IServiceCollection>? services = null)
        where TComponent : IComponent
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        // Every page that opens a /live stream numbers it with the changes it has seen: none, in a test.
        collection.AddScoped(_ => new Obs.Dashboard.Live.LiveSince(0));
        services?.Invoke(collection);
        await using var provider = collection.BuildServiceProvider();
        await using var renderer = new HtmlRenderer(provider, provider.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters ?? new Dictionary<string, object?>()));
            return output.ToHtmlString();
        });
    }
}
