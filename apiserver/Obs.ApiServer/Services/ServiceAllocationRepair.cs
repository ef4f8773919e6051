using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Obs.Api.Resources;
using Obs.ApiServer.Registry;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Services;

/// <summary>
/// Releases reservations no Service holds: left by an apiserver that stopped between reserving a
/// value and writing (or deleting) the Service. A reservation younger than one interval may belong
/// to a write still in flight, so only older ones are looked at.
/// </summary>
public sealed partial class ServiceAllocationRepair(ServiceAllocationStore allocations, ObjectStore store, ApiServerOptions options, TimeProvider time,
    ILogger<ServiceAllocationRepair> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.AllocationRepairInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RepairAsync(stoppingToken);
            }
            catch (NpgsqlException e)
            {
                LogRepairFailed(logger, e.Message);
            }
        }
    }

    /// <summary>One pass; returns how many values it released.</summary>
    public async Task<int> RepairAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.AllocationRepairInterval;
        var released = 0;
        foreach (var owner in (await allocations.ListAsync(cancellationToken)).Where(a => a.AllocatedAt < cutoff).GroupBy(a => (a.Namespace, a.Name, a.Uid)))
        {
            var stored = await store.GetAsync(ObjectRegistry.KeyOf(ResourceTypes.Service, owner.Key.Namespace, owner.Key.Name), cancellationToken);
            var service = stored is null ? null : ObjectRegistry.Materialize(stored);
            var held = service is not null && Obs.Api.Objects.ObjectMeta.Uid(service) == owner.Key.Uid
                ? ServiceAddresses.Held(service).ToHashSet()
                : [];
            foreach (var kind in owner.Where(a => !held.Contains((a.Kind, a.Value))).GroupBy(a => a.Kind))
            {
                var values = kind.Select(a => a.Value).ToList();
                await allocations.ReleaseAsync(kind.Key, values, owner.Key.Uid, cancellationToken);
                released += values.Count;
                LogReleased(logger, kind.Key, string.Join(",", values), owner.Key.Namespace, owner.Key.Name);
            }
        }
        return released;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "service allocation repair failed: {Error}")]
    private static partial void LogRepairFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "released {Kind} {Values} held for {Namespace}/{Name}, which does not hold them")]
    private static partial void LogReleased(ILogger logger, string kind, string values, string @namespace, string name);
}
