using Obs.Client.Config;

namespace Obs.NodeAgent.Hollow;

/// <summary>
/// How a set of hollow nodes runs: how many, their names (<c>{NamePrefix}{index}</c>), the
/// capacity each reports, and the pace of their heartbeats. Hollow nodes stand in for real ones
/// in scale tests: real API traffic (registration, leases, pod status), no processes.
/// </summary>
public sealed record HollowOptions
{
    public required ClusterConnection Cluster { get; init; }

    public required int Count { get; init; }

    public string NamePrefix { get; init; } = "hollow-";

    public string Cpu { get; init; } = "8";

    public string Memory { get; init; } = "32Gi";

    public int MaxPods { get; init; } = 110;

    public string EphemeralStorage { get; init; } = "100Gi";

    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    public int LeaseDurationSeconds { get; init; } = 40;

    /// <summary>How often each node re-posts its conditions (the kubelet's nodeStatusReportFrequency); the Lease is what says it lives.</summary>
    public TimeSpan StatusReportInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>API requests the heartbeats may have in flight at once, so a thousand nodes do not stampede the apiserver.</summary>
    public int MaxConcurrentRequests { get; init; } = 32;

    /// <summary>Workers taking pods off the shared queue.</summary>
    public int PodWorkers { get; init; } = 8;

    /// <summary>Client-side rate limit of the one API client all hollow nodes share.</summary>
    public double Qps { get; init; } = 500;

    public int Burst { get; init; } = 1000;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Reads "cpu=8,memory=32Gi,pods=110,ephemeral-storage=100Gi" (any subset) over these options.</summary>
    public HollowOptions WithCapacity(string? text)
    {
        var result = this;
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) throw new FormatException($"capacity \"{part}\" is not resource=quantity");
            var (key, value) = (part[..eq].Trim(), part[(eq + 1)..].Trim());
            if (!Obs.Api.Quantities.Quantity.TryParse(value, out _, out var error)) throw new FormatException($"capacity {key}: {error}");
            result = key switch
            {
                "cpu" => result with { Cpu = value },
                "memory" => result with { Memory = value },
                "pods" => result with { MaxPods = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "ephemeral-storage" => result with { EphemeralStorage = value },
                _ => throw new FormatException($"capacity \"{key}\" is not one of cpu, memory, pods, ephemeral-storage"),
            };
        }
        return result;
    }
}
