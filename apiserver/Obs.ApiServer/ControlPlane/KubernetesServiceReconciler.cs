using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;
using Obs.ApiServer.Registry;
using Obs.ApiServer.Services;

namespace Obs.ApiServer.ControlPlane;

/// <summary>
/// Keeps this apiserver behind the <c>kubernetes</c> Service: renews its Lease, creates the Service
/// and its EndpointSlice and Endpoints when missing, puts them back when edited, lists the
/// addresses of the replicas whose Leases are alive, and on shutdown takes itself out. Every
/// replica runs it; they agree because each computes the same objects from the same Leases.
/// </summary>
public sealed partial class KubernetesServiceReconciler(
    ObjectRegistry registry,
    WatchCache cache,
    ApiServerLeases leases,
    ServiceAllocator allocator,
    ApiServerOptions options,
    IServer server,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<KubernetesServiceReconciler> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(3);

    private readonly TaskCompletionSource<ApiServerIdentity> _identity = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ControlPlaneOptions Options => options.ControlPlane;

    /// <summary>This replica's identity, known once the server listens (its port may be chosen at start).</summary>
    public Task<ApiServerIdentity> Identity => _identity.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await cache.Ready.WaitAsync(stoppingToken);
        await WhenStartedAsync(stoppingToken);
        var port = new Uri(server.Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;
        var address = ApiServerEndpoint.Advertised(Options.AdvertiseAddress, options.Address);
        _identity.TrySetResult(ApiServerIdentity.For(Environment.MachineName.ToLowerInvariant(), new ApiServerEndpoint(address, port)));

        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Options.ReconcileInterval;
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // At start the system namespaces may not exist yet; a failure is retried soon, and
                // none may end the loop (an exception leaving a hosted service stops the apiserver).
                LogReconcileFailed(logger, e.Message);
                if (RetryDelay < wait) wait = RetryDelay;
            }
            await Task.Delay(wait, time, stoppingToken);
        }
    }

    /// <summary>One pass: renew this replica's Lease, then make the Service and its endpoints what the live Leases say.</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var identity = await Identity.WaitAsync(cancellationToken);
        var now = time.GetUtcNow();
        var revision = await leases.RenewAsync(identity, Options.LeaseDuration, now, cancellationToken);
        // The cache has this replica's renewal (and everything before it) before the Leases are read from it.
        await cache.WaitForRevisionAsync(revision, cancellationToken).WaitAsync(Options.ReconcileInterval, cancellationToken);
        await WriteAsync(Live(identity, now, withSelf: true), cancellationToken);
        await leases.CollectExpiredAsync(Options.LeaseDuration, now, cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!Identity.IsCompletedSuccessfully) return;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(StopBudget);
        try
        {
            await RemoveSelfAsync(Identity.Result, budget.Token);
        }
        catch (Exception e)
        {
            // The Lease then expires by itself and the other replicas drop this address.
            LogRemoveFailed(logger, e.Message);
        }
    }

    /// <summary>Deletes this replica's Lease and lists the others without it, so clients stop being sent here now.</summary>
    private async Task RemoveSelfAsync(ApiServerIdentity identity, CancellationToken cancellationToken)
    {
        await leases.ReleaseAsync(identity, cancellationToken);
        await WriteEndpointsAsync(Live(identity, time.GetUtcNow(), withSelf: false), cancellationToken);
    }

    /// <summary>What the endpoints list: the replicas whose Leases are unexpired (none keeps this replica's port).</summary>
    private ServedEndpoints Live(ApiServerIdentity identity, DateTimeOffset now, bool withSelf)
    {
        var live = leases.All()
            .Where(l => l.ExpiresAt > now && l.Endpoint is not null && (withSelf || l.Name != identity.LeaseName))
            .Select(l => l.Endpoint!);
        return ServedEndpoints.Choose(live) ?? new ServedEndpoints(identity.Endpoint.Port, []);
    }

    private async Task WriteAsync(ServedEndpoints served, CancellationToken cancellationToken)
    {
        await EnsureAsync(ResourceTypes.Service, KubernetesServiceObjects.Service(allocator.IpRange.First, served.Port),
            KubernetesServiceObjects.RepairService, cancellationToken);
        await WriteEndpointsAsync(served, cancellationToken);
    }

    private async Task WriteEndpointsAsync(ServedEndpoints served, CancellationToken cancellationToken)
    {
        await EnsureAsync(ResourceTypes.EndpointSlice, KubernetesServiceObjects.EndpointSlice(served.Port, served.Addresses),
            KubernetesServiceObjects.RepairEndpointSlice, cancellationToken);
        await EnsureAsync(ResourceTypes.Endpoints, KubernetesServiceObjects.Endpoints(served.Port, served.Addresses),
            KubernetesServiceObjects.RepairEndpoints, cancellationToken);
    }

    /// <summary>
    /// Repairs the object in place (no write when it already is as wanted); creates it when missing;
    /// replaces it when the repair is refused (a field that cannot change was changed).
    /// </summary>
    private async Task EnsureAsync(ResourceType type, JsonObject desired, Func<JsonObject, JsonObject, JsonObject> repair, CancellationToken cancellationToken)
    {
        var name = ObjectMeta.Name(desired)!;
        try
        {
            await registry.ModifyAsync(type, KubernetesServiceObjects.Namespace, name, null, current => repair(current, desired), ApiServerLeases.Writes, cancellationToken);
            return;
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
        catch (ApiException e) when (e.Code == 422)
        {
            LogReplacing(logger, type.Kind, e.Message);
            try
            {
                await registry.DeleteAsync(type, KubernetesServiceObjects.Namespace, name, new DeleteOptions(), cancellationToken);
            }
            catch (ApiException gone) when (gone.Code == 404)
            {
            }
        }
        try
        {
            await registry.CreateAsync(type, KubernetesServiceObjects.Namespace, desired.DeepClone().AsObject(), ApiServerLeases.Writes, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            // Another replica made it first; the next pass checks it.
        }
    }

    private async Task WhenStartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "keeping the kubernetes Service failed: {Error}")]
    private static partial void LogReconcileFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "taking this apiserver out of the kubernetes Service's endpoints failed: {Error}")]
    private static partial void LogRemoveFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "replacing the kubernetes {Kind}, whose edit cannot be undone in place: {Error}")]
    private static partial void LogReplacing(ILogger logger, string kind, string error);
}
