using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Objects;

/// <summary>
/// Pods share their node's network, so a node agent starts a container on another port when the
/// containerPort it declares is taken on the node (by another pod's container, typically a second
/// replica). The agent records each such move in this annotation on the pod before the container
/// starts: <c>{"container":{"8000":41234}}</c>, declared port to the port the container was told
/// (<c>PORT</c>, <c>OBS_PORT_&lt;NAME&gt;</c>). Whoever reaches a pod by its containerPort (the
/// endpoints controller, hence every Service) reads it, so traffic goes where the container listens.
/// </summary>
public static class AssignedPorts
{
    public const string Annotation = "obs.dev/assigned-ports";

    /// <summary>The annotation's value for these moves (container → declared → assigned), or null when nothing moved.</summary>
    public static string? Format(IEnumerable<(string Container, int Declared, int Assigned)> moves)
    {
        var value = new JsonObject();
        foreach (var (container, declared, assigned) in moves.Where(m => m.Declared != m.Assigned).OrderBy(m => m.Container, StringComparer.Ordinal).ThenBy(m => m.Declared))
        {
            if (value[container] is not JsonObject ports) value[container] = ports = new JsonObject();
            ports[declared.ToString(System.Globalization.CultureInfo.InvariantCulture)] = assigned;
        }
        return value.Count == 0 ? null : value.ToJsonString();
    }

    /// <summary>
    /// Where a container of the pod that declared <paramref name="declared"/> really listens: the
    /// assigned port when the annotation moved it, else the declared one. An annotation that does not
    /// parse (written by hand) moves nothing.
    /// </summary>
    public static long Resolve(JsonNode pod, long declared)
    {
        if (pod.StringAt("metadata", "annotations", Annotation) is not { } text) return declared;
        try
        {
            if (JsonNode.Parse(text) is not JsonObject containers) return declared;
            var key = declared.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (_, ports) in containers)
            {
                if (ports is JsonObject moved && moved[key] is JsonValue value && value.TryGetValue<long>(out var assigned) && assigned is > 0 and <= 65535)
                    return assigned;
            }
        }
        catch (JsonException)
        {
        }
        return declared;
    }
}
