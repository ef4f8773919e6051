using System.Diagnostics;
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
    private double _elapsedSeconds;
    private long _requests;

    public double AgentMicroseconds => PerRequest(_agentSeconds);

    public double BenchMicroseconds => PerRequest(_benchSeconds);

    /// <summary>The agent's CPU seconds per second of these runs: what it spends with no requests through it, when these are direct.</summary>
    public double AgentShare => _elapsedSeconds == 0 ? 0 : _agentSeconds / _elapsedSeconds;

    /// <summary>The agent's CPU per request above what it spends anyway (<paramref name="idleShare"/>, from the direct runs): the proxy's own.</summary>
    public double AgentMicrosecondsAbove(double idleShare) => PerRequest(_agentSeconds - idleShare * _elapsedSeconds);

    public async Task<HttpLoad.Run> MeasureAsync(int agentPid, Func<Task<HttpLoad.Run>> load)
    {
        var agent = ProcStat.CpuSeconds(agentPid);
        var bench = ProcStat.CpuSeconds(Environment.ProcessId);
        var started = Stopwatch.GetTimestamp();
        var run = await load();
        _elapsedSeconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
        _agentSeconds += ProcStat.CpuSeconds(agentPid) - agent;
        _benchSeconds += ProcStat.CpuSeconds(Environment.ProcessId) - bench;
        _requests += run.Requests;
        return run;
    }

    private double PerRequest(double seconds) => _requests == 0 ? 0 : seconds * 1e6 / _requests;
}
