using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Dashboard.Access;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Prometheus;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Components;

/// <summary>
/// A cluster cache whose informers never start: tests place objects straight into their stores, as
/// a synced watch would, and render pages over them at a fixed time.
/// </summary>
public sealed class CachedObjects
{
    public ClusterCache Cache { get; } = new(new ApiClient(ClusterConnection.Explicit("http://127.0.0.1:9", null, null)));

    /// <summary>The Prometheus the pages chart from: not configured unless a test gives one.</summary>
    public PrometheusClient Prometheus { get; set; } = new(new HttpClient(), null);

    public CachedObjects Add(ResourceType type, JsonObject obj)
    {
        obj["kind"] ??= type.Kind;
        obj["apiVersion"] ??= type.ApiVersion;
        Cache.Informer(type).Store.Upsert(obj);
        return this;
    }

    /// <summary>The services a page needs: this cache, a clock at <see cref="FixedClock.Noon"/>, the address, the query supplier, a user and Prometheus.</summary>
    public void Services(IServiceCollection services, string uri = "http://dashboard.test/", ApiClient? user = null)
    {
        services.AddSingleton(Cache);
        services.AddSingleton<TimeProvider>(new FixedClock(FixedClock.Noon));
        services.AddNavigationForTests(uri);
        services.AddSupplyValueFromQueryProvider();
        services.AddSingleton<AntiforgeryStateProvider, NoAntiforgery>();
        services.AddScoped(_ => new CurrentUser { Name = "tester", Api = user, Access = UserAccess.Everything });
        services.AddSingleton(Prometheus);
    }

    /// <summary>Renders a page at <paramref name="uri"/> (its query string feeds the page's filters) over this cache.</summary>
    public Task<string> RenderAsync<TComponent>(string uri, IDictionary<string, object?>? parameters = null, ApiClient? user = null)
        where TComponent : IComponent =>
        ComponentRenderer.RenderAsync<TComponent>(parameters, s => Services(s, uri, user));

    /// <summary>An RFC 3339 time <paramref name="ago"/> before <see cref="FixedClock.Noon"/>.</summary>
    public static string Ago(TimeSpan ago) => (FixedClock.Noon - ago).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    public static JsonObject Meta(string ns, string name, TimeSpan age, string? uid = null) => new()
    {
        ["name"] = name,
        ["namespace"] = ns,
        ["uid"] = uid ?? $"uid-{ns}-{name}",
        ["creationTimestamp"] = Ago(age),
    };

    private sealed class NoAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
    }
}
