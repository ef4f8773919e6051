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
    /// <summary><c>stdin: true</c>: the container's stdin stays open for attach instead of reading /dev/null.</summary>
    public bool Stdin { get; init; }

    /// <summary><c>stdinOnce: true</c>: stdin is closed when the first attach session ends.</summary>
    public bool StdinOnce { get; init; }

    /// <summary><c>tty: true</c>: the container runs on a pseudo-terminal of its own.</summary>
    public bool Tty { get; init; }

    /// <summary>
    /// Reads name, command, args, workingDir, env, resources.limits, stdin, stdinOnce and tty from a pod's container.
    /// Env entries with valueFrom (and envFrom, service variables, PORT) are the pod worker's to
    /// resolve: <paramref name="resolvedEnvironment"/> gives their values by name, and names not
    /// listed in env are added before the container's own, as envFrom is. $(VAR) references are
    /// then expanded in env values (in order), command and args.
    /// </summary>
    public static ContainerSpec FromJson(
        JsonObject container,
        long? pidsMax,
        IReadOnlyList<KeyValuePair<string, string>>? resolvedEnvironment = null,
        int restartCount = 0)
    {
        var resolved = resolvedEnvironment ?? [];
        var declared = new List<KeyValuePair<string, string>>();
        if (container["env"] is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                if (entry["name"]?.GetValue<string>() is not { } name)
                {
                    continue;
                }
                var value = entry["valueFrom"] is null
                    ? entry["value"]?.GetValue<string>() ?? ""
                    : resolved.LastOrDefault(r => r.Key == name).Value ?? "";
                declared.Add(new(name, value));
            }
        }
        var names = declared.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var env = VariableExpansion.ExpandEnvironment(resolved.Where(r => !names.Contains(r.Key)).Concat(declared));
        var lookup = env.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        string Expand(string text) => VariableExpansion.Expand(text, n => lookup.GetValueOrDefault(n));
        var tty = Flag(container["tty"]);
        return new ContainerSpec(
            container["name"]?.GetValue<string>() ?? "",
            Strings(container["command"]).Select(Expand).ToList(),
            Strings(container["args"]).Select(Expand).ToList(),
            // On a terminal TERM says what kind it is, as containerd sets it; the container's own env still wins.
            tty ? [TerminalType, .. env] : env,
            container["workingDir"]?.GetValue<string>(),
            CgroupLimits.FromContainer(container, pidsMax),
            restartCount)
        {
            Stdin = Flag(container["stdin"]),
            StdinOnce = Flag(container["stdinOnce"]),
            Tty = tty,
        };
    }

    /// <summary>The terminal type that containerd gives a container or exec on a terminal (what <c>clear</c>, <c>less</c> and <c>top</c> read).</summary>
    private static readonly KeyValuePair<string, string> TerminalType = new("TERM", "xterm");

    /// <summary>
    /// The environment of <c>kubectl exec -t</c>: the container's, with TERM set to the terminal type last so that it wins
    /// (later entries win), as containerd sets it on a terminal exec.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> WithTerminalType(IReadOnlyList<KeyValuePair<string, string>> environment) =>
        [.. environment, TerminalType];

    private static bool Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n?.GetValue<string>() ?? "").ToList() : [];

    public IReadOnlyList<string> Argv => [.. Command, .. Args];
}
