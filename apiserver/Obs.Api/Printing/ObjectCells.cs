using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>Cells many resources share: the name, the age, and a pod template's containers and images.</summary>
internal static class ObjectCells
{
    public static JsonNode Name(JsonObject obj) => Cell.Text(Fields.Text(obj, "metadata", "name"));

    public static JsonNode Age(JsonObject obj, DateTimeOffset now) =>
        Cell.Text(HumanDuration.Since(Fields.Text(obj, "metadata", "creationTimestamp"), now));

    /// <summary>The container names of a pod spec, comma-separated.</summary>
    public static JsonNode ContainerNames(JsonNode? podSpec) =>
        Cell.Text(string.Join(",", Fields.Items(podSpec, "containers").Select(c => Fields.Text(c, "name"))));

    /// <summary>The container images of a pod spec, comma-separated.</summary>
    public static JsonNode ContainerImages(JsonNode? podSpec) =>
        Cell.Text(string.Join(",", Fields.Items(podSpec, "containers").Select(c => Fields.Text(c, "image"))));
}
