using System.Globalization;

namespace Obs.Bench;

/// <summary>The command line: options and benchmark names.</summary>
internal static class BenchArguments
{
    /// <summary>The settings, or null for help or anything not understood.</summary>
    public static BenchSettings? Parse(IReadOnlyList<string> args, IReadOnlyList<string> names)
    {
        var quick = false;
        var http1 = false;
        var clients = 16;
        string? results = null;
        var only = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--http1": http1 = true; break;
                case "--clients" when i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out clients) && clients > 0: i++; break;
                case "--results" when i + 1 < args.Count: results = args[++i]; break;
                case var name when names.Contains(name): only.Add(name); break;
                default:
                    if (args[i] is not ("-h" or "--help")) Console.Error.WriteLine($"obs bench: unknown argument '{args[i]}'");
                    return null;
            }
        }
        return new BenchSettings { Quick = quick, Http1 = http1, Clients = clients, Only = only, ResultsDirectory = results ?? DefaultResults() };
    }

    /// <summary>bench/results in the checkout this program was built in.</summary>
    private static string DefaultResults()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Obs.sln"))) return Path.Combine(dir.FullName, "bench", "results");
        return Path.Combine(Environment.CurrentDirectory, "bench-results");
    }
}
