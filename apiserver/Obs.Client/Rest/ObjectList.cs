using System.Text.Json.Nodes;

namespace Obs.Client.Rest;

/// <summary>One LIST answer (or all its pages): the items, the list's resourceVersion to watch from, and the continue token of the next page.</summary>
public sealed record ObjectList(IReadOnlyList<JsonObject> Items, string ResourceVersion, string? Continue, long? RemainingItemCount);
