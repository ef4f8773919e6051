using System.Text.Json.Nodes;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Registry;

/// <summary>A created object (its resourceVersion set) and, when it was stored, the JSON written and the revision it took.</summary>
public readonly record struct CreatedObject(JsonObject Object, StoredJson? Stored, long Revision);
