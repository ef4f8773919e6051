using Obs.ApiServer.Cache;
using Obs.ApiServer.CustomResources;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.Http;

/// <summary>
/// What <c>/readyz</c> reports: the watch cache has loaded, the custom resources are served and the system namespaces exist. A
/// client told "ready" may create in <c>default</c> at once; before the namespaces were part of
/// readiness, a test that created a pod right after <c>/readyz</c> said ok got "namespaces
/// "default" not found". Kubernetes lists its checks the same way (<c>[+]name ok</c>).
/// </summary>
public sealed class Readiness(WatchCache cache, SystemNamespaces namespaces, CustomResourceCatalog customResources)
{
    public bool IsReady => cache.IsReady && namespaces.Created.IsCompletedSuccessfully && customResources.Synced.IsCompletedSuccessfully;

    public Task WaitAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(cache.Ready.WaitAsync(cancellationToken), namespaces.Created.WaitAsync(cancellationToken), customResources.Synced.WaitAsync(cancellationToken));

    /// <summary>One line per check, then the verdict, as kube-apiserver's verbose readyz prints it.</summary>
    public string Report()
    {
        var lines = new List<string>
        {
            cache.IsReady ? "[+]watch-cache ok" : "[-]watch-cache failed: the watch cache is still loading",
            namespaces.Created.IsCompletedSuccessfully
                ? "[+]poststarthook/system-namespaces ok"
                : "[-]poststarthook/system-namespaces failed: the system namespaces are not created yet",
            customResources.Synced.IsCompletedSuccessfully
                ? "[+]poststarthook/apiextensions-controllers ok"
                : "[-]poststarthook/apiextensions-controllers failed: the custom resources are not loaded yet",
        };
        lines.Add(IsReady ? "readyz check passed" : "readyz check failed");
        return string.Join('\n', lines);
    }
}
