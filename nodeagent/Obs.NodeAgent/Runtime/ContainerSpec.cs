using System.Text.Json.Nodes;
using Obs.NodeAgent.Cgroups;

namespace Obs.NodeAgent.Runtime;

/// <summary>
/// What the runtime needs to start one run of a container: the argv (command then args, as
/// given: no shell is added), the environment already resolved by the pod worker (valueFrom,
/// service variables, PORT), the working directory and the limits. RestartCount picks the log file.
/// </summary>
public sealed record ContainerSpec(
    string Name,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Args,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    string? WorkingDir,
    CgroupLimits Limits,
    int RestartCount = 0)
{
    /// <summary>
    /// Reads name, command, args, workingDir, literal env values and resources.limits from a
    /// pod's container. Env entries with valueFrom are the pod worker's to resolve and pass in
    /// <paramref name="resolvedEnvironment"/>, which wins over literals of the same name.
    /// </summary>
    public static ContainerSpec FromJson(
        JsonObject container,
        long? pidsMax,
        IReadOnlyList<KeyValuePair<string, string>>? resolvedEnvironment = null,
        int restartCount = 0)
    {
        var env = new List<KeyValuePair<string, string>>();
        if (container["env"] is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                if (entry["name"]?.GetValue<string>() is { } name && entry["valueFrom"] is null)
                {
                    env.Add(new(name, entry["value"]?.GetValue<string>() ?? ""));
                }
            }
        }
        if (resolvedEnvironment is not null)
        {
            env.RemoveAll(e => resolvedEnvironment.Any(r => r.Key == e.Key));
            env.AddRange(resolvedEnvironment);
        }
        return new ContainerSpec(
            container["name"]?.GetValue<string>() ?? "",
            Strings(container["command"]),
            Strings(container["args"]),
            env,
            container["workingDir"]?.GetValue<string>(),
            CgroupLimits.FromContainer(container, pidsMax),
            restartCount);
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n?.GetValue<string>() ?? "").ToList() : [];

    public IReadOnlyList<string> Argv => [.. Command, .. Args];
}
