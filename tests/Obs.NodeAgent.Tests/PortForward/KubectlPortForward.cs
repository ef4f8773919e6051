using System.Text.RegularExpressions;
using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.PortForward;

/// <summary>
/// <c>kubectl port-forward</c> started as a user types it with a random local port (<c>:PORT</c>): ready once kubectl
/// prints "Forwarding from 127.0.0.1:N -> PORT".
/// </summary>
internal static partial class KubectlPortForward
{
    public static Task<ServingKubectl> StartAsync(string kubeconfig, string cacheDir, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ServingKubectl.StartAsync(kubeconfig, cacheDir, environment, Forwarding(), ["port-forward", .. args]);

    [GeneratedRegex(@"^Forwarding from 127\.0\.0\.1:(\d+) ->")]
    private static partial Regex Forwarding();
}
