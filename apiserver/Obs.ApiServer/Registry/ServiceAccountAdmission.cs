using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Registry;

/// <summary>
/// Kubernetes' ServiceAccount admission for pods: a new pod must name a service account that
/// exists in its namespace, or it is refused (403) before anything is stored. The apiserver gives
/// each new namespace its <c>default</c> account as it creates the namespace
/// (<see cref="DefaultAccount"/>); for that one name a miss is looked up again for a short while,
/// as Kubernetes does, since the namespace controller may still be making it (a namespace made
/// before this apiserver, or an account deleted and being re-created).
/// </summary>
public sealed class ServiceAccountAdmission(ObjectStore store, WatchCache cache, TimeProvider time)
{
    public const string DefaultName = "default";

    // Kubernetes tries the default account ten times, 100–200 ms apart.
    private const int DefaultAttempts = 10;
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(150);

    /// <summary>The <c>default</c> ServiceAccount every namespace has.</summary>
    public static JsonObject DefaultAccount(string ns) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ServiceAccount",
        ["metadata"] = new JsonObject { ["name"] = DefaultName, ["namespace"] = ns },
    };

    /// <summary>The account a pod runs as: serviceAccountName, the deprecated serviceAccount, or default.</summary>
    public static string AccountOf(JsonObject pod)
    {
        var name = pod.StringAt("spec", "serviceAccountName");
        if (string.IsNullOrEmpty(name)) name = pod.StringAt("spec", "serviceAccount");
        return string.IsNullOrEmpty(name) ? DefaultName : name;
    }

    /// <summary>Refuses a pod whose service account does not exist in <paramref name="ns"/>.</summary>
    public async Task AdmitAsync(string ns, JsonObject pod, CancellationToken cancellationToken)
    {
        // Mirror pods stand for static pods the agent already runs; they are not the API's to refuse.
        if (pod["metadata"]?["annotations"]?["kubernetes.io/config.mirror"] is not null) return;
        var account = AccountOf(pod);
        var key = ObjectRegistry.KeyOf(ResourceTypes.ServiceAccount, ns, account);
        if (cache.Get(key) is not null) return;
        var attempts = account == DefaultName ? DefaultAttempts : 1;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            if (attempt > 0) await Task.Delay(RetryInterval, time, cancellationToken);
            if (await store.GetAsync(key, cancellationToken) is not null) return;
        }
        var name = ObjectMeta.Name(pod) ?? "";
        throw new ApiException(403, "Forbidden", $"pods \"{name}\" is forbidden: error looking up service account {ns}/{account}: serviceaccount \"{account}\" not found",
            new JsonObject { ["name"] = name, ["kind"] = "pods" });
    }
}
