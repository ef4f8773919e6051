using System.Security.Cryptography;
using System.Text;

namespace Obs.ApiServer.ControlPlane;

/// <summary>
/// Who this apiserver is among its replicas: the name of its Lease in kube-system
/// (<c>apiserver-&lt;hash&gt;</c>, as kube-apiserver names its identity leases), stable across
/// restarts at the same host and endpoint, and a holder identity of this process's own.
/// </summary>
public sealed record ApiServerIdentity(string LeaseName, string Holder, string Host, ApiServerEndpoint Endpoint)
{
    public static ApiServerIdentity For(string host, ApiServerEndpoint endpoint)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{host}\n{endpoint}"));
        var name = "apiserver-" + Convert.ToHexStringLower(hash)[..20];
        return new ApiServerIdentity(name, $"{name}_{Guid.NewGuid()}", host, endpoint);
    }
}
