using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Obs.ApiServer.Storage;

namespace Obs.Bench.Reporting;

/// <summary>The machine the figures were taken on: they mean little without it.</summary>
internal sealed record MachineFacts(int Cores, double MemoryGiB, string Cpu, string Os, string Runtime, string Postgres, string LoadAverage)
{
    public static MachineFacts Read() => new(
        Environment.ProcessorCount,
        MemTotalKb() / 1024.0 / 1024.0,
        FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        OsName(),
        RuntimeInformation.FrameworkDescription,
        PostgresVersion(),
        LoadAverageNow());

    /// <summary>The 1, 5 and 15 minute load averages: on a shared machine, how busy it was besides this run.</summary>
    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Cores} cores ({Cpu}), {MemoryGiB:0.#} GiB, {Os}, {Runtime}, {Postgres}; load average at start {LoadAverage}");

    private static long MemTotalKb() =>
        FirstValue("/proc/meminfo", "MemTotal") is { } v ? long.Parse(v.Split(' ')[0], CultureInfo.InvariantCulture) : 0;

    private static string? FirstValue(string file, string key)
    {
        if (!File.Exists(file)) return null;
        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static string OsName()
    {
        var line = File.Exists("/etc/os-release") ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)) : null;
        return line is null ? RuntimeInformation.OSDescription : line["PRETTY_NAME=".Length..].Trim('"');
    }

    private static string PostgresVersion()
    {
        if (EmbeddedPostgres.FindBinDirectory() is not { } bin) return "PostgreSQL not found";
        using var process = Process.Start(new ProcessStartInfo(Path.Combine(bin, "postgres"), ["--version"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var text = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return text.Replace("postgres (PostgreSQL) ", "PostgreSQL ", StringComparison.Ordinal);
    }
}
