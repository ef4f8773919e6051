using System.Text.Json.Nodes;
using Obs.Api.Quantities;

namespace Obs.NodeAgent.Cgroups;

/// <summary>
/// The limits a container cgroup enforces: CPU in millicores (a CFS quota per 100 ms period),
/// memory in bytes, and a maximum number of tasks. Null means unlimited.
/// </summary>
public sealed record CgroupLimits(long? CpuMillis, long? MemoryBytes, long? PidsMax)
{
    public const long CfsPeriodMicros = 100_000;

    // The kernel refuses CFS quotas under 1 ms.
    private const long MinQuotaMicros = 1_000;

    public static readonly CgroupLimits None = new(null, null, null);

    /// <summary>Reads <c>resources.limits</c> of a container; the pids limit is the node's setting.</summary>
    public static CgroupLimits FromContainer(JsonObject container, long? pidsMax)
    {
        var limits = (container["resources"] as JsonObject)?["limits"] as JsonObject;
        return new CgroupLimits(Read(limits, "cpu")?.MilliValue, Read(limits, "memory")?.Value, pidsMax);
    }

    private static Quantity? Read(JsonObject? limits, string name) =>
        limits is not null && Quantity.TryFromJson(limits[name], out var quantity, out _) && quantity.Sign > 0 ? quantity : null;

    /// <summary>CFS quota in microseconds per <see cref="CfsPeriodMicros"/>.</summary>
    public long? CpuQuotaMicros => CpuMillis is { } milli ? Math.Max(MinQuotaMicros, milli * CfsPeriodMicros / 1000) : null;
}
