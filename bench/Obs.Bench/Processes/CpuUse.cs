using System.Globalization;

namespace Obs.Bench.Processes;

/// <summary>CPU seconds spent in a phase by the apiservers, PostgreSQL and the load generator.</summary>
internal sealed record CpuUse(double ApiServer, double Postgres, double Load)
{
    /// <summary>Context switches of the apiservers' threads meanwhile (<see cref="ProcStat.ContextSwitches"/>).</summary>
    public long ApiServerSwitches { get; init; }

    /// <summary>"apiserver 5.1 thread switches per op": how often its threads blocked and were woken, per operation.</summary>
    public string SwitchesPerOperation(int operations) => operations == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
        $"apiserver {(double)ApiServerSwitches / operations:0.0} thread switches per op");

    /// <summary>"apiserver 0.21 + postgres 0.12 + load 0.08 ms CPU per op".</summary>
    public string PerOperation(int operations) => operations == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
        $"CPU per op: apiserver {ApiServer * 1000 / operations:0.00} ms, postgres {Postgres * 1000 / operations:0.00} ms, load generator {Load * 1000 / operations:0.00} ms");
}
