using System.Globalization;

namespace Obs.ApiServer.ResourceMetrics;

/// <summary>
/// Reads the Prometheus text a kubelet serves at <c>/metrics/resource</c>. Only the few families
/// metrics-server needs are kept; every other line, comment or malformed sample is skipped, as a
/// newer agent may add series.
/// </summary>
public static class ResourceText
{
    public static ResourceScrape Parse(string text, DateTimeOffset at)
    {
        double? nodeCpu = null, nodeMemory = null;
        var containers = new Dictionary<(string, string, string), (double? Cpu, double? Memory, double? Start)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || !TryParseSample(line, out var name, out var labels, out var value)) continue;
            switch (name)
            {
                case "node_cpu_usage_seconds_total": nodeCpu = value; continue;
                case "node_memory_working_set_bytes": nodeMemory = value; continue;
                case "container_cpu_usage_seconds_total" or "container_memory_working_set_bytes" or "container_start_time_seconds":
                    break;
                default: continue;
            }
            if (!labels.TryGetValue("namespace", out var ns) || !labels.TryGetValue("pod", out var pod) || !labels.TryGetValue("container", out var container)) continue;
            var key = (ns, pod, container);
            var current = containers.GetValueOrDefault(key);
            containers[key] = name switch
            {
                "container_cpu_usage_seconds_total" => current with { Cpu = value },
                "container_memory_working_set_bytes" => current with { Memory = value },
                _ => current with { Start = value },
            };
        }
        var samples = containers.Select(c => new ContainerSample(c.Key.Item1, c.Key.Item2, c.Key.Item3, c.Value.Cpu, c.Value.Memory, c.Value.Start)).ToList();
        return new ResourceScrape(at, nodeCpu, nodeMemory, samples);
    }

    /// <summary><c>name{a="b",c="d"} value [timestamp]</c>, with label values unescaped.</summary>
    internal static bool TryParseSample(string line, out string name, out Dictionary<string, string> labels, out double value)
    {
        labels = new Dictionary<string, string>(StringComparer.Ordinal);
        value = 0;
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ') i++;
        name = line[..i];
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"') return false;
                var key = line[i..eq].Trim().TrimStart(',').Trim();
                var text = new System.Text.StringBuilder();
                var j = eq + 2;
                for (; j < line.Length && line[j] != '"'; j++)
                {
                    if (line[j] == '\\' && j + 1 < line.Length)
                    {
                        j++;
                        text.Append(line[j] == 'n' ? '\n' : line[j]);
                    }
                    else text.Append(line[j]);
                }
                if (j >= line.Length) return false;
                labels[key] = text.ToString();
                i = j + 1;
                while (i < line.Length && line[i] is ',' or ' ') i++;
            }
            if (i >= line.Length) return false;
            i++;
        }
        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return name.Length > 0 && rest.Length >= 1 && double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}
