using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Obs.Exporter.Tests.Collectors;

/// <summary>Debian's prometheus-node-exporter, run for one scrape to compare our collectors with.</summary>
internal static class NodeExporterProcess
{
    public const string Binary = "/usr/bin/prometheus-node-exporter";

    /// <summary>Runs node_exporter with these collectors on a free port derived from our PID, scrapes it once, and stops it by its PID.</summary>
    public static string Scrape(IEnumerable<string> collectorArguments)
    {
        var port = FreePort(20000 + Environment.ProcessId % 20000);
        var start = new ProcessStartInfo(Binary, [$"--web.listen-address=127.0.0.1:{port}", "--collector.disable-defaults", .. collectorArguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node_exporter did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    return client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")).GetAwaiter().GetResult();
                }
                catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(15) && !process.HasExited)
                {
                    Thread.Sleep(100);
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }
        }
    }

    private static int FreePort(int from)
    {
        for (var port = from; port < from + 100; port++)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException($"No free port from {from}.");
    }
}
