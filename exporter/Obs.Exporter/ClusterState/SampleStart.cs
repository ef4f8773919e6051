using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>Begins a sample of <paramref name="family"/> with the labels that identify <paramref name="obj"/> (<c>namespace</c>, <c>pod</c>, <c>uid</c>…).</summary>
internal delegate SampleWriter SampleStart(MetricsWriter writer, string family, JsonElement obj);
