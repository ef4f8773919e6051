using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;
using Obs.ApiServer.Registry;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.ControlPlane;

/// <summary>
/// <c>kubectl get componentstatuses</c> (<c>cs</c>): deprecated since Kubernetes 1.19 but still served, and typed by habit
/// to see whether the control plane is whole. Kubernetes probes the scheduler's, the controller manager's and etcd's
/// health endpoints; Obs's scheduler and controller manager may run anywhere, so their health is that of their leader
/// Lease (held and renewed within its duration), and the store's is a read from PostgreSQL. Served from memory,
/// read-only, like metrics.k8s.io.
/// </summary>
public sealed class ComponentStatuses(WatchCache cache, ObjectStore store, TimeProvider time)
{
    public static readonly ResourceType Type = new("", "v1", "ComponentStatus", "componentstatuses", "", false, ["cs"], [], []);

    /// <summary>Read, never written or watched.</summary>
    public static IReadOnlyList<string> Verbs { get; } = ["get", "list"];

    /// <summary>The Warning header Kubernetes sends with every answer (kubectl prints it).</summary>
    public const string Deprecation = "v1 ComponentStatus is deprecated in v1.19+";

    private static readonly (string Component, string Lease)[] Leaders =
        [("scheduler", "obs-scheduler"), ("controller-manager", "obs-controller-manager")];

    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(5);

    public static bool Serves(string[] parts) => parts is ["api", "v1", "componentstatuses"] or ["api", "v1", "componentstatuses", _];

    public async Task HandleAsync(HttpContext context, string[] parts)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            throw ApiErrors.MethodNotSupported(context.Request.Method.ToLowerInvariant(), Type.Plural);
        if (context.Request.Query["watch"] is ["true" or "1"]) throw ApiErrors.MethodNotSupported("watch", Type.Plural);
        context.Response.Headers.Append("Warning", $"299 - \"{Deprecation}\"");
        var statuses = await ProbeAsync(context.RequestAborted);
        var table = TableRequest.From(context.Request.Headers.Accept.ToString(), context.Request.Query["includeObject"].ToString());
        if (parts.Length == 4)
        {
            var one = statuses.FirstOrDefault(s => ObjectMeta.Name(s) == parts[3]) ?? throw ApiErrors.NotFound(Type, parts[3]);
            statuses = [one];
            if (table is null)
            {
                await ResponseWriter.WriteJsonAsync(context, 200, one);
                return;
            }
        }
        if (table is not null)
        {
            await ResponseWriter.WriteJsonAsync(context, 200, TableWriter.Build(Type, table, statuses, null, null, time.GetUtcNow()));
            return;
        }
        await ResponseWriter.WriteJsonAsync(context, 200, new JsonObject
        {
            ["kind"] = "ComponentStatusList",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["items"] = new JsonArray([.. statuses]),
        });
    }

    /// <summary>One ComponentStatus per component, in Kubernetes' order (scheduler, controller manager, store).</summary>
    public async Task<List<JsonObject>> ProbeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var statuses = Leaders.Select(l => Status(l.Component, LeaderHealth(l.Lease, now))).ToList();
        statuses.Add(Status("postgresql", await StoreHealthAsync(cancellationToken)));
        return statuses;
    }

    /// <summary>Healthy while someone holds the Lease and has renewed it within its duration.</summary>
    private (bool Healthy, string Text) LeaderHealth(string name, DateTimeOffset now)
    {
        if (cache.Get(ObjectRegistry.KeyOf(ResourceTypes.Lease, "kube-system", name)) is not { } cached)
            return (false, $"no leader: Lease kube-system/{name} does not exist; is it running?");
        var lease = cached.ToMutable();
        var holder = lease.StringAt("spec", "holderIdentity");
        if (string.IsNullOrEmpty(holder)) return (false, $"no leader: Lease kube-system/{name} is not held");
        // A Lease without a duration is judged by client-go's default one, 15s.
        if (LeaseExpiry.IsExpired(lease, now, TimeSpan.FromSeconds(15)))
            return (false, $"leader {holder} has not renewed Lease kube-system/{name} since {lease.StringAt("spec", "renewTime") ?? "it was taken"}");
        return (true, "ok");
    }

    private async Task<(bool Healthy, string Text)> StoreHealthAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StoreTimeout);
        try
        {
            await store.GetAsync(ObjectRegistry.KeyOf(ResourceTypes.Namespace, null, "default"), timeout.Token);
            return (true, "ok");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"reading from PostgreSQL failed: {(e is OperationCanceledException ? $"no answer in {StoreTimeout.TotalSeconds:0} s" : e.Message)}");
        }
    }

    private static JsonObject Status(string name, (bool Healthy, string Text) health)
    {
        var condition = new JsonObject { ["type"] = "Healthy", ["status"] = health.Healthy ? "True" : "False" };
        condition[health.Healthy ? "message" : "error"] = health.Text;
        return new JsonObject
        {
            ["kind"] = "ComponentStatus",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["creationTimestamp"] = null },
            ["conditions"] = new JsonArray(condition),
        };
    }
}
