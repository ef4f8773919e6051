using System.Text.Json;

namespace Obs.Exporter.ClusterState;

/// <summary>Adds the lines <paramref name="obj"/> gives one family (none, one, or one per container, condition…).</summary>
internal delegate void FamilyLines(JsonElement obj, ObjectLines lines);
