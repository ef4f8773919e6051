namespace Obs.Bench.Processes;

/// <summary>
/// CPU seconds used during a phase by the apiserver processes, PostgreSQL (the postmaster, its live
/// backends and the ones already reaped) and this load generator: on two shared cores, where
/// the time goes matters as much as the rate.
/// </summary>
internal sealed class CpuMeter
{
    private readonly Func<IReadOnlyList<int>> _apiservers;
    private readonly int _postmaster;
    private readonly (double ApiServer, double Postgres, double Load) _start;
    private readonly long _apiserverSwitches;

    private CpuMeter(Func<IReadOnlyList<int>> apiservers, int postmaster)
    {
        _apiservers = apiservers;
        _postmaster = postmaster;
        _start = Read();
        _apiserverSwitches = ApiServerSwitches();
    }

    public static CpuMeter Start(BenchCluster cluster) => new(() => cluster.ApiServerPids, cluster.PostmasterPid);

    /// <summary>CPU seconds used since the start, per party.</summary>
    public CpuUse Stop()
    {
        var end = Read();
        return new CpuUse(end.ApiServer - _start.ApiServer, end.Postgres - _start.Postgres, end.Load - _start.Load) { ApiServerSwitches = ApiServerSwitches() - _apiserverSwitches };
    }

    private long ApiServerSwitches() => _apiservers().Sum(ProcStat.ContextSwitches);

    private (double ApiServer, double Postgres, double Load) Read()
    {
        var api = _apiservers().Sum(pid => ProcStat.CpuSeconds(pid));
        var pg = ProcStat.CpuSeconds(_postmaster, withReapedChildren: true) + ProcStat.Children(_postmaster).Sum(pid => ProcStat.CpuSeconds(pid));
        return (api, pg, ProcStat.CpuSeconds(Environment.ProcessId));
    }
}
