using System.Text.Json.Nodes;
using Obs.Api.Quantities;

namespace Obs.NodeAgent.Probes;

/// <summary>
/// A probe's or lifecycle hook's action: exec, httpGet, tcpSocket, sleep (hooks), or one the
/// runtime does not perform (grpc), kept so it fails with a message instead of passing silently.
/// </summary>
public abstract record Handler
{
    /// <summary>Reads the action out of a v1 Probe or LifecycleHandler object.</summary>
    public static Handler FromJson(JsonObject json)
    {
        if (json["exec"] is JsonObject exec)
        {
            var command = exec["command"] is JsonArray items ? items.Select(i => i?.GetValue<string>() ?? "").ToList() : [];
            return new ExecHandler(command);
        }
        if (json["httpGet"] is JsonObject http)
        {
            var headers = http["httpHeaders"] is JsonArray list
                ? list.OfType<JsonObject>().Select(h => new KeyValuePair<string, string>(h["name"]?.GetValue<string>() ?? "", h["value"]?.GetValue<string>() ?? "")).ToList()
                : [];
            return new HttpGetHandler(
                http["host"]?.GetValue<string>(),
                IntOrString.FromJson(http["port"]) ?? IntOrString.FromInt(80),
                http["path"]?.GetValue<string>() ?? "/",
                http["scheme"]?.GetValue<string>() ?? "HTTP",
                headers);
        }
        if (json["tcpSocket"] is JsonObject tcp)
        {
            return new TcpSocketHandler(tcp["host"]?.GetValue<string>(), IntOrString.FromJson(tcp["port"]) ?? IntOrString.FromInt(0));
        }
        if (json["sleep"] is JsonObject sleep)
        {
            return new SleepHandler(TimeSpan.FromSeconds(sleep["seconds"]?.GetValue<long>() ?? 0));
        }
        return new UnsupportedHandler(json["grpc"] is not null ? "grpc probes are not supported by the process runtime" : "the handler has no action");
    }
}

public sealed record ExecHandler(IReadOnlyList<string> Command) : Handler
{
    public bool Equals(ExecHandler? other) => other is not null && Command.SequenceEqual(other.Command);

    public override int GetHashCode() => Command.Count;
}

public sealed record HttpGetHandler(string? Host, IntOrString Port, string Path, string Scheme, IReadOnlyList<KeyValuePair<string, string>> Headers) : Handler;

public sealed record TcpSocketHandler(string? Host, IntOrString Port) : Handler;

public sealed record SleepHandler(TimeSpan Duration) : Handler;

public sealed record UnsupportedHandler(string Reason) : Handler;
