using System.Net;
using System.Text.RegularExpressions;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Dns;

/// <summary>Debian's dig (dnsutils), installed by the first test that needs it when running as root.</summary>
internal static partial class Dig
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dig")).FirstOrDefault(File.Exists);

    public static async Task<string> PathAsync()
    {
        await Install.WaitAsync();
        try
        {
            if (Find() is { } found) return found;
            if (Environment.UserName == "root")
                await ProcessRunner.RunAsync("apt-get", ["install", "-y", "dnsutils"], new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" }, timeout: TimeSpan.FromMinutes(5));
            return Find() ?? throw new InvalidOperationException("dig is not on the PATH: install it with 'apt-get install -y dnsutils'");
        }
        finally
        {
            Install.Release();
        }
    }

    /// <summary>Runs dig against the server and returns its output; fails the test on a non-zero exit or a parse warning.</summary>
    public static async Task<string> RunAsync(IPEndPoint server, params string[] args)
    {
        var result = await ProcessRunner.RunAsync(await PathAsync(), [$"@{server.Address}", "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "+time=5", "+tries=1", .. args],
            timeout: TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, $"dig {string.Join(' ', args)}: {result}");
        Assert.False(result.StdOut.Contains("malformed", StringComparison.OrdinalIgnoreCase) || result.StdErr.Contains("malformed", StringComparison.OrdinalIgnoreCase), $"dig reports a malformed message: {result}");
        // The one warning expected: cluster.local sits under .local, which RFC 6762 gives to mDNS.
        var warnings = (result.StdOut + result.StdErr).Split('\n').Where(l => l.Contains("WARNING", StringComparison.Ordinal) && !l.Contains(".local is reserved for Multicast DNS", StringComparison.Ordinal));
        Assert.False(warnings.Any(), $"dig warns: {result}");
        return result.StdOut;
    }

    /// <summary>The answer section (+noall +answer) as lines with single spaces.</summary>
    public static async Task<string[]> AnswerAsync(IPEndPoint server, params string[] args)
    {
        var output = await RunAsync(server, ["+noall", "+answer", .. args]);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith(';')).Select(l => Whitespace().Replace(l, " "))];
    }

    /// <summary>The status dig reports in its header line (NOERROR, NXDOMAIN, ...).</summary>
    public static string Status(string output) => StatusPattern().Match(output) is { Success: true } m ? m.Groups[1].Value : $"(no status in {output})";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"status: (\w+)")]
    private static partial Regex StatusPattern();
}
