using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Obs.Api.Admission;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Registry;

/// <summary>
/// Creates the namespaces every Kubernetes cluster has (<c>default</c>, <c>kube-system</c>,
/// <c>kube-public</c>, <c>kube-node-lease</c>) once the apiserver can serve, after the cluster-scoped objects every
/// cluster starts with (the default StorageClass and IngressClass, the system PriorityClasses); an existing one is left as it is.
/// </summary>
public sealed class SystemNamespaces(ObjectRegistry registry, WatchCache cache) : BackgroundService
{
    public static readonly string[] Names = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every system namespace exists; part of readiness.</summary>
    public Task Created => _created.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await cache.Ready.WaitAsync(stoppingToken);
        await DefaultStorageClass.EnsureAsync(registry, stoppingToken);
        await DefaultStorageClass.EnsureClusterObjectAsync(registry, ResourceTypes.IngressClass, Obs.Api.Objects.ObsIngressClass.Object(), stoppingToken);
        await Auth.Rbac.BootstrapPolicy.EnsureAsync(registry, stoppingToken);
        foreach (var priorityClass in SystemPriorityClasses.Names)
            await DefaultStorageClass.EnsureClusterObjectAsync(registry, ResourceTypes.PriorityClass, SystemPriorityClasses.Object(priorityClass), stoppingToken);
        foreach (var name in Names)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    if (!await registry.ExistsAsync(ResourceTypes.Namespace, null, name, stoppingToken))
                    {
                        var ns = new JsonObject
                        {
                            ["apiVersion"] = "v1",
                            ["kind"] = "Namespace",
                            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name } },
                        };
                        await registry.CreateAsync(ResourceTypes.Namespace, null, ns, new WriteOptions { FieldManager = "obs-apiserver" }, stoppingToken);
                    }
                    break;
                }
                catch (ApiException e) when (e.Code == 409)
                {
                    break; // another apiserver made it first
                }
                catch (Npgsql.NpgsqlException) when (attempt < 20)
                {
                    await Task.Delay(500, stoppingToken);
                }
            }
        }
        _created.TrySetResult();
    }
}
