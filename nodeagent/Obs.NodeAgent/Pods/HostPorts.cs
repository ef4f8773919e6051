using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// Pods share the node's network, so each declared TCP containerPort gets a host port: the declared
/// one when it is free, else a free one the kernel picks. The container learns its ports from
/// <c>PORT</c> (the first) and <c>OBS_PORT_&lt;NAME&gt;</c> (named ones); a moved port is recorded on
/// the pod (<see cref="AssignedPorts"/>) for the Services that reach it.
/// Ports given to the agent's live pods stay theirs until the pod ends: a second replica starting
/// while the first has not bound its port yet must not be handed the same one (the socket test alone
/// would say it is free).
/// </summary>
public sealed class HostPorts(Func<int, bool>? isFree = null)
{
    private readonly Func<int, bool> _isFree = isFree ?? IsFree;
    private readonly Lock _lock = new();
    /// <summary>Port → the UID of the pod it was given to.</summary>
    private readonly Dictionary<int, string> _owners = [];

    /// <summary>Declared port → assigned port, in declaration order, with names; the assigned TCP ports are the pod's until <see cref="Release"/>.</summary>
    public List<(string? Name, int Declared, int Assigned)> Assign(string podUid, JsonObject container)
    {
        var result = new List<(string?, int, int)>();
        if (container["ports"] is not JsonArray ports) return result;
        lock (_lock)
        {
            foreach (var port in ports.OfType<JsonObject>())
            {
                if (port.LongAt("containerPort") is not { } declared || declared is <= 0 or > 65535) continue;
                var protocol = port.StringAt("protocol") ?? "TCP";
                if (protocol != "TCP")
                {
                    result.Add((port.StringAt("name"), (int)declared, (int)declared));
                    continue;
                }
                var assigned = Usable(podUid, (int)declared) ? (int)declared : FreePortFor(podUid);
                _owners[assigned] = podUid;
                result.Add((port.StringAt("name"), (int)declared, assigned));
            }
        }
        return result;
    }

    /// <summary>Holds the ports of a container adopted from a previous run of the agent.</summary>
    public void Reserve(string podUid, IEnumerable<(string? Name, int Declared, int Assigned)> ports)
    {
        lock (_lock)
        {
            foreach (var port in ports) _owners[port.Assigned] = podUid;
        }
    }

    /// <summary>The pod ended or left the node: its ports may be handed out again.</summary>
    public void Release(string podUid)
    {
        lock (_lock)
        {
            foreach (var port in _owners.Where(o => o.Value == podUid).Select(o => o.Key).ToList()) _owners.Remove(port);
        }
    }

    private bool Usable(string podUid, int port) =>
        (!_owners.TryGetValue(port, out var owner) || owner == podUid) && _isFree(port);

    private int FreePortFor(string podUid)
    {
        while (true)
        {
            var port = FreePort();
            if (!_owners.TryGetValue(port, out var owner) || owner == podUid) return port;
        }
    }

    /// <summary>
    /// What a user whose manifest starts the server on a fixed port needs to read when a replica on this node crash-loops
    /// on "address already in use": which declared ports were taken, by a pod or by a program of the node itself (the
    /// dashboard on 8080, say), where they moved, and the variables that carry the new ones (see
    /// <see cref="Environment"/>). Null when nothing moved.
    /// </summary>
    public string? DescribeMoves(string podUid, string container, IReadOnlyList<(string? Name, int Declared, int Assigned)> ports)
    {
        var moves = ports.Select((p, i) => (p.Name, p.Declared, p.Assigned, Index: i)).Where(p => p.Declared != p.Assigned).ToList();
        if (moves.Count == 0) return null;
        var parts = moves.Select(m =>
        {
            var variables = new List<string>();
            if (m.Index == 0) variables.Add("$PORT");
            if (!string.IsNullOrEmpty(m.Name)) variables.Add("$OBS_PORT_" + m.Name.ToUpperInvariant().Replace('-', '_'));
            var told = variables.Count > 0 ? $"in {string.Join(" and ", variables)}" : "in no variable (name the port to get $OBS_PORT_<NAME>)";
            var holder = HeldByAnotherPod(podUid, m.Declared) ? "held by another pod" : "in use by a program of the node, not a pod";
            return $"{m.Declared} ({(string.IsNullOrEmpty(m.Name) ? "" : m.Name + "; ")}{holder}) → {m.Assigned}, {told}";
        });
        return $"containerPort taken on this node, so container \"{container}\" was given another: {string.Join("; ", parts)}. " +
            "It must listen there (a command can say $(PORT); the declared port in its command or args, or in a variable named *PORT*, became the new one); " +
            "Services and probes already follow it";
    }

    private bool HeldByAnotherPod(string podUid, int port)
    {
        lock (_lock) return _owners.TryGetValue(port, out var owner) && owner != podUid;
    }

    public static List<KeyValuePair<string, string>> Environment(IReadOnlyList<(string? Name, int Declared, int Assigned)> ports)
    {
        var env = new List<KeyValuePair<string, string>>();
        if (ports.Count > 0) env.Add(new("PORT", ports[0].Assigned.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var (name, _, assigned) in ports)
        {
            if (string.IsNullOrEmpty(name)) continue;
            env.Add(new("OBS_PORT_" + name.ToUpperInvariant().Replace('-', '_'), assigned.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return env;
    }

    /// <summary>
    /// A manifest often tells the app its port in a variable of its own (<c>PORT: "8000"</c>, <c>SERVER_PORT</c>,
    /// <c>FLASK_RUN_PORT</c>) as well as in containerPort. When the declared port moved, such a variable still says the
    /// declared one and the app would bind where another pod already listens; so each variable whose name contains
    /// PORT and whose value is exactly a moved declared port is given the port the container got. Values that merely
    /// contain the number, and variables of other names, are left alone: they may mean something else.
    /// The command and args follow too (<see cref="CommandPorts"/>).
    /// This is the container with its literal <c>env</c> values, command and args so changed (before <c>$(VAR)</c>
    /// references are expanded, so they follow too); itself when nothing moved.
    /// </summary>
    public static JsonObject FollowMoves(JsonObject container, IReadOnlyList<(string? Name, int Declared, int Assigned)> ports)
    {
        if (ports.All(p => p.Declared == p.Assigned)) return container;
        JsonObject? copy = null;
        JsonObject Copy() => copy ??= (JsonObject)container.DeepClone();
        if (container["env"] is JsonArray entries)
        {
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i] is not JsonObject entry || entry.StringAt("name") is not { } name || entry.StringAt("value") is not { } value) continue;
                if (Moved(name, value, ports) is { } moved) Copy()["env"]![i]!["value"] = moved;
            }
        }
        foreach (var field in (string[])["command", "args"])
        {
            if (container[field] is not JsonArray words) continue;
            for (var i = 0; i < words.Count; i++)
            {
                if (words[i]?.GetValueKind() != System.Text.Json.JsonValueKind.String) continue;
                var word = words[i]!.GetValue<string>();
                if (CommandPorts.Follow(word, ports) is var followed && !ReferenceEquals(followed, word)) Copy()[field]![i] = followed;
            }
        }
        return copy ?? container;
    }

    /// <summary>The same for values the environment took from ConfigMaps, Secrets or envFrom.</summary>
    public static void FollowMoves(List<KeyValuePair<string, string>> env, IReadOnlyList<(string? Name, int Declared, int Assigned)> ports)
    {
        for (var i = 0; i < env.Count; i++)
        {
            if (Moved(env[i].Key, env[i].Value, ports) is { } moved) env[i] = new(env[i].Key, moved);
        }
    }

    private static string? Moved(string name, string value, IReadOnlyList<(string? Name, int Declared, int Assigned)> ports)
    {
        if (!name.Contains("PORT", StringComparison.OrdinalIgnoreCase)) return null;
        foreach (var (_, declared, assigned) in ports)
        {
            if (declared != assigned && value == declared.ToString(System.Globalization.CultureInfo.InvariantCulture))
                return assigned.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return null;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Any, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
