using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Bench.Reporting;

/// <summary>The run's figures as a Markdown table (stdout, and the README) and as JSON (bench/results/latest.json).</summary>
internal sealed class ResultsReport(MachineFacts machine, DateTimeOffset started, bool quick, string protocol)
{
    private readonly List<BenchResult> _results = [];
    private readonly List<(string Benchmark, string Text)> _notes = [];

    public IReadOnlyList<BenchResult> Results => _results;

    /// <summary>Set when the run ends.</summary>
    public string LoadAverageAtEnd { get; set; } = "?";

    public void Add(BenchResult result) => _results.Add(result);

    public void Note(string benchmark, string text) => _notes.Add((benchmark, text));

    public static string Format(double value) => double.IsNaN(value) ? "n/a" : value switch
    {
        >= 100 => value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.00", CultureInfo.InvariantCulture),
    };

    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {started:yyyy-MM-dd HH:mm} UTC{(quick ? " (--quick: small counts, figures only show that it works)" : "")}, {protocol} over TLS, on {machine}; at the end {LoadAverageAtEnd}.");
        text.AppendLine();
        text.AppendLine("| benchmark | figure | Obs | target | met? | anchor |");
        text.AppendLine("|---|---|--:|---|---|---|");
        foreach (var r in _results)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Benchmark} | {r.Figure} | {Format(r.Value)} {r.Unit} | {r.Target?.ToString() ?? ""} | {r.Verdict} | {r.Anchor} |");
        if (_notes.Count > 0)
        {
            text.AppendLine();
            foreach (var (benchmark, note) in _notes) text.AppendLine(CultureInfo.InvariantCulture, $"- {benchmark}: {note}");
        }
        return text.ToString();
    }

    public void WriteJson(string file)
    {
        var json = new JsonObject
        {
            ["started"] = started.ToString("O", CultureInfo.InvariantCulture),
            ["quick"] = quick,
            ["protocol"] = protocol,
            ["machine"] = new JsonObject
            {
                ["cores"] = machine.Cores,
                ["memoryGiB"] = Math.Round(machine.MemoryGiB, 1),
                ["cpu"] = machine.Cpu,
                ["os"] = machine.Os,
                ["runtime"] = machine.Runtime,
                ["postgres"] = machine.Postgres,
                ["loadAverageAtStart"] = machine.LoadAverage,
                ["loadAverageAtEnd"] = LoadAverageAtEnd,
            },
            ["results"] = new JsonArray(_results.Select(r => (JsonNode)new JsonObject
            {
                ["benchmark"] = r.Benchmark,
                ["figure"] = r.Figure,
                ["value"] = double.IsNaN(r.Value) ? null : Math.Round(r.Value, 3),
                ["unit"] = r.Unit,
                ["target"] = r.Target?.ToString(),
                ["verdict"] = r.Verdict,
                ["anchor"] = r.Anchor,
                ["note"] = r.Note,
            }).ToArray()),
            ["notes"] = new JsonArray(_notes.Select(n => (JsonNode)new JsonObject { ["benchmark"] = n.Benchmark, ["note"] = n.Text }).ToArray()),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllText(file, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }
}
