using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Dashboard.Charts;

/// <summary>
/// What one chart shows: a title, its unit, and its series, or instead the reason there is nothing
/// to draw (Prometheus not configured or down), which the page shows in the chart's place.
/// </summary>
public sealed record ChartData(string Title, ChartUnit Unit, IReadOnlyList<ChartSeries> Series, string? Error = null)
{
    public static ChartData Failed(string title, ChartUnit unit, string error) => new(title, unit, [], error);

    public bool HasPoints => Series.Any(s => s.Points.Count > 0);

    /// <summary>The newest value of the first series, for the caption (readable without script).</summary>
    public double? Latest => Series.FirstOrDefault(s => s.Points.Count > 0)?.Points[^1].Value is { } v && !double.IsNaN(v) ? v : null;

    /// <summary>
    /// uPlot's data layout: one shared x array (the union of every series' times) and one y array
    /// per series, null where a series has no point, so lines break at gaps instead of lying.
    /// </summary>
    public string ToJson()
    {
        var times = Series.SelectMany(s => s.Points.Select(p => p.Time)).Distinct().Order().ToList();
        var index = times.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
        var data = new JsonArray(new JsonArray(times.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()));
        foreach (var series in Series)
        {
            var values = new JsonNode?[times.Count];
            foreach (var (time, value) in series.Points)
                values[index[time]] = double.IsFinite(value) ? JsonValue.Create(value) : null;
            data.Add(new JsonArray(values));
        }
        return new JsonObject
        {
            ["unit"] = Unit.ToString(),
            ["series"] = new JsonArray(Series.Select(s => (JsonNode?)JsonValue.Create(s.Name)).ToArray()),
            ["data"] = data,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    public static string Format(double value, ChartUnit unit) => unit switch
    {
        ChartUnit.Ratio => (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %",
        ChartUnit.Bytes => FormatBytes(value),
        ChartUnit.PerSecond => value.ToString("0.##", CultureInfo.InvariantCulture) + "/s",
        ChartUnit.Seconds => value < 1 ? (value * 1000).ToString("0.#", CultureInfo.InvariantCulture) + " ms" : value.ToString("0.##", CultureInfo.InvariantCulture) + " s",
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string FormatBytes(double value)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var i = 0;
        while (Math.Abs(value) >= 1024 && i < units.Length - 1) { value /= 1024; i++; }
        return value.ToString("0.#", CultureInfo.InvariantCulture) + " " + units[i];
    }
}
