using System.Text.RegularExpressions;
using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.Proxy;

/// <summary>
/// <c>kubectl proxy --port=0</c>, as a user starts it to reach the API from a browser: ready once kubectl prints
/// "Starting to serve on 127.0.0.1:N".
/// </summary>
internal static partial class KubectlProxy
{
    public static Task<ServingKubectl> StartAsync(string kubeconfig, string cacheDir) =>
        ServingKubectl.StartAsync(kubeconfig, cacheDir, new Dictionary<string, string>(), Serving(), "proxy", "--port=0", "--address=127.0.0.1");

    [GeneratedRegex(@"Starting to serve on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Serving();
}
