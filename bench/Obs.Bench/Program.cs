using System.Globalization;
using System.Runtime.InteropServices;
using Obs.Bench;
using Obs.Bench.Benchmarks;
using Obs.Bench.Load;
using Obs.Bench.Processes;
using Obs.Bench.Reporting;

IBenchmark[] all = [new CreateBenchmark(), new GetBenchmark(), new ListBenchmark(), new WatchBenchmark(), new MemoryBenchmark(), new SchedulerBenchmark(), new DeploymentBenchmark(), new AgentBenchmark(), new ExporterBenchmark(), new ProxyBenchmark(), new DashboardBenchmark(), new AlertLatencyBenchmark()];

if (BenchArguments.Parse(args, all.Select(b => b.Name).ToList()) is not { } settings)
{
    Console.Error.WriteLine("""
        usage: ./obs bench [--quick] [--http1] [--clients N] [--results DIR] [BENCHMARK ...]

          --quick      small counts: about a minute instead of about seven, to check that it works
          --http1      HTTP/1.1 with a pool of keep-alive connections instead of HTTP/2
          --clients N  concurrent clients for creates and GETs (default 16)
          --results    where latest.json goes (default bench/results)

        benchmarks (default: all):
        """ + string.Concat(all.Select(b => $"\n  {b.Name,-10} {b.Description}")));
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C stops the run and cleans up; a second one ends the process at once.
    if (cancel.IsCancellationRequested) return;
    e.Cancel = true;
    Console.Error.WriteLine("obs bench: interrupted; stopping the apiservers and PostgreSQL");
    cancel.Cancel();
};
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

var machine = MachineFacts.Read();
var started = DateTimeOffset.UtcNow;
var protocol = settings.Http1 ? "HTTP/1.1" : "HTTP/2";
Console.WriteLine($"Machine: {machine}");
Console.WriteLine();
var report = new ResultsReport(machine, started, settings.Quick, protocol);
var selected = settings.Only.Count == 0 ? all : all.Where(b => settings.Only.Contains(b.Name)).ToArray();
var failed = 0;

BenchContext.Progress("starting PostgreSQL (default durability)");
try
{
    await using var cluster = await BenchCluster.StartAsync(cancel.Token);
    var context = new BenchContext(cluster, new ApiClients(cluster.Pki.CaCertFile, cluster.Token, settings.Http1), settings, report);
    foreach (var benchmark in selected)
    {
        BenchContext.Progress($"{benchmark.Name}: {benchmark.Description}");
        try
        {
            await benchmark.RunAsync(context, cancel.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            failed++;
            Console.Error.WriteLine($"obs bench: {benchmark.Name} failed: {e}");
            report.Note(benchmark.Name, "FAILED: " + e.Message.ReplaceLineEndings(" "));
        }
        finally
        {
            await cluster.StopApiServersAsync();
        }
    }
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("obs bench: interrupted; no results written");
    return 130;
}

report.LoadAverageAtEnd = MachineFacts.LoadAverageNow();
var json = Path.Combine(settings.ResultsDirectory, "latest.json");
report.WriteJson(json);
Console.WriteLine(report.Markdown());
Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"obs bench: {(DateTimeOffset.UtcNow - started).TotalMinutes:0.0} min; wrote {json}"));
return failed == 0 ? 0 : 1;
