using System.Diagnostics;

namespace Obs.Exporter.Tests.Collectors;

/// <summary>Runs a program of the machine (losetup, mount…) to the end and gives its output; a non-zero exit fails.</summary>
internal static class HostCommand
{
    public static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill();
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in five minutes.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output}{error.Result}");
        }
        return output;
    }

    /// <summary>A program's path on the PATH or in the sbin directories (where a non-login root shell may not look).</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin"])
            .Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists);

    /// <summary>A program from a Debian package, installed with apt-get when missing (the lists updated if the first try fails).</summary>
    public static string Require(string name, string package)
    {
        if (Find(name) is { } found)
        {
            return found;
        }
        try
        {
            Run("apt-get", "install", "-y", "-qq", "--no-install-recommends", package);
        }
        catch (InvalidOperationException)
        {
            Run("apt-get", "update", "-qq");
            Run("apt-get", "install", "-y", "-qq", "--no-install-recommends", package);
        }
        return Find(name) ?? throw new InvalidOperationException($"{name} is missing after installing {package}: apt-get install -y {package}");
    }
}
