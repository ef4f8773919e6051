using Microsoft.Extensions.Logging.Abstractions;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Restarts;
using Obs.NodeAgent.Runtime;
using Obs.NodeAgent.Volumes;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Pods;

/// <summary>What pod workers share, for workers with no apiserver to answer them: every API call fails at once, and they run pods regardless.</summary>
internal static class OfflineContext
{
    /// <summary>A client of an apiserver that is not there: nothing listens on its port.</summary>
    public static ApiClient UnreachableClient() => new(ClusterConnection.Explicit($"https://127.0.0.1:{FreePort.Next()}", null, "token"));

    public static PodWorkerContext Create(ApiClient client, IContainerRuntime runtime, RuntimeOptions options, string nodeName) =>
        new(client, runtime, options, nodeName, "127.0.0.1", options.StateDirectory,
            new EnvironmentResolver(client, "127.0.0.1", 1000, 1L << 30), new PodVolumes(client, options.StateDirectory, "127.0.0.1"),
            RestartBackoff.Default, TimeProvider.System, NullLogger.Instance);
}
