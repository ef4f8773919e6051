using Obs.Bench.Load;
using Obs.Bench.Processes;

namespace Obs.Bench.Benchmarks;

/// <summary>
/// CPU time per request of the load runs of one kind, split between the node agent (the proxy) and the benchmark
/// process (load generator and backend): on a shared machine throughput moves with the neighbours, CPU per request
/// much less, so this is the figure to compare across runs.
/// </summary>
internal sealed class RunCpu
{
    private double _agentSeconds;
    private double _benchSeconds;
    private long _requests;

    public double AgentMicroseconds => _requests == 0 ? 0 : _agentSeconds * 1e6 / _requests;

    public double BenchMicroseconds => _requests == 0 ? 0 : _benchSeconds * 1e6 / _requests;

    public async Task<HttpLoad.Run> MeasureAsync(int agentPid, Func<Task<HttpLoad.Run>> load)
    {
        var agent = ProcStat.CpuSeconds(agentPid);
        var bench = ProcStat.CpuSeconds(Environment.ProcessId);
        var run = await load();
        _agentSeconds += ProcStat.CpuSeconds(agentPid) - agent;
        _benchSeconds += ProcStat.CpuSeconds(Environment.ProcessId) - bench;
        _requests += run.Requests;
        return run;
    }
}
