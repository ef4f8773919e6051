using System.Globalization;

namespace Obs.Bench.Processes;

/// <summary>CPU seconds spent in a phase by the apiservers, PostgreSQL and the load generator.</summary>
internal sealed record CpuUse(double ApiServer, double Postgres, double Load)
{
    /// <summary>"apiserver 0.21 + postgres 0.12 + load 0.08 ms CPU per op".</summary>
    public string PerOperation(int operations) => operations == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
        $"CPU per op: apiserver {ApiServer * 1000 / operations:0.00} ms, postgres {Postgres * 1000 / operations:0.00} ms, load generator {Load * 1000 / operations:0.00} ms");
}
