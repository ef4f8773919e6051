using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.Dashboard.Tests.Prometheus;

/// <summary>
/// The real Prometheus (Debian's package, as <c>obs up</c> runs it) in a scratch directory on a free port, scraping the
/// given targets every second with the labels the apiserver's service discovery gives a node's target (<c>node</c>).
/// Stopped and its directory removed on dispose.
/// </summary>
public sealed class RealPrometheus : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _root;
    private readonly StringBuilder _log = new();

    private RealPrometheus(Process process, string root, Uri url)
    {
        _process = process;
        _root = root;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>What Prometheus wrote, for a failing test's message.</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public static string Binary =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, "prometheus")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("prometheus is not on the PATH: install it with 'apt-get install -y prometheus' (./obs test does)");

    /// <summary>Starts Prometheus with one job <paramref name="job"/> scraping <paramref name="target"/> (host:port) labelled <paramref name="labels"/>.</summary>
    public static async Task<RealPrometheus> StartAsync(string job, string target, IReadOnlyDictionary<string, string> labels)
    {
        var root = Directory.CreateTempSubdirectory("obs-dash-prometheus-").FullName;
        var port = FreePort.Next();
        var config = Path.Combine(root, "prometheus.yml");
        // JSON is YAML: no quoting rules to get wrong for label values.
        var scrape = new JsonObject
        {
            ["global"] = new JsonObject { ["scrape_interval"] = "1s", ["evaluation_interval"] = "1s" },
            ["scrape_configs"] = new JsonArray(new JsonObject
            {
                ["job_name"] = job,
                ["static_configs"] = new JsonArray(new JsonObject
                {
                    ["targets"] = new JsonArray(target),
                    ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
                }),
            }),
        };
        await File.WriteAllTextAsync(config, scrape.ToJsonString());
        var start = new ProcessStartInfo(Binary,
        [
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(root, "data")}",
            $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        var prometheus = new RealPrometheus(process, root, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
        process.OutputDataReceived += (_, e) => prometheus.Append(e.Data);
        process.ErrorDataReceived += (_, e) => prometheus.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await prometheus.WaitReadyAsync();
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }
        return prometheus;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    // A safety net so a Prometheus that never comes up fails the test instead of hanging it, not a speed check.
    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Log}");
            try
            {
                using var response = await http.GetAsync(new Uri(Url, "-/ready"));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Starting on a busy machine.
            }
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"prometheus did not become ready:\n{Log}");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temporary directory's cleaning.
        }
    }
}
