using System.Text.Json;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// One object as the source holds it: <paramref name="Root"/> is the parsed object and <paramref name="Version"/> a
/// reference that stays the same while the object is unchanged and is a new one whenever it changes (the
/// watch cache's entry, which is replaced on every change). The collector keeps each object's rendered
/// lines under its version, so a scrape renders only what changed since the previous one.
/// </summary>
public readonly record struct ClusterObject(object Version, JsonElement Root);
