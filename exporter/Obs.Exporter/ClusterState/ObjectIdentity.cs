using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>Writes the labels every series of <paramref name="obj"/> starts with (<c>namespace</c>, <c>pod</c>, <c>uid</c>…).</summary>
internal delegate SampleWriter ObjectIdentity(SampleWriter line, JsonElement obj);
