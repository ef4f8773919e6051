using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Obs.Api.Serialization;

/// <summary>
/// The serializer's metadata for the few types Obs hands to <c>JsonSerializer</c> itself (strings, integers and
/// JSON trees), generated at compile time: the default, reflection-based metadata is missing from the natively
/// compiled agent (<c>nodeagent/Obs.Agent</c>), and these write exactly what it wrote (the same default options).
/// </summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(JsonNode))]
public sealed partial class BuiltInJson : JsonSerializerContext;
