using System.Text.Json.Nodes;

namespace Obs.NodeAgent.Runtime;

/// <summary>
/// A container's state as Kubernetes reports it in containerStatuses[].state: exactly one of
/// waiting, running, terminated.
/// </summary>
public abstract record ContainerState
{
    public abstract JsonObject ToJson();

    internal static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
