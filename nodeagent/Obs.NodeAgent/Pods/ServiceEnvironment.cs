using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// The variables the kubelet gives every container for each Service that exists when it starts
/// (spec.enableServiceLinks, on by default): <c>{SVC}_SERVICE_HOST</c>, <c>{SVC}_SERVICE_PORT</c>,
/// <c>{SVC}_SERVICE_PORT_{PORT}</c> and the Docker-link style <c>{SVC}_PORT_{port}_{PROTO}*</c>.
/// </summary>
public static class ServiceEnvironment
{
    public static List<KeyValuePair<string, string>> For(IEnumerable<JsonObject> services)
    {
        var env = new List<KeyValuePair<string, string>>();
        foreach (var service in services.OrderBy(s => ObjectMeta.Name(s), StringComparer.Ordinal))
        {
            var ip = service.StringAt("spec", "clusterIP");
            if (string.IsNullOrEmpty(ip) || ip == "None") continue;
            var ports = (service.At("spec", "ports") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            if (ports.Count == 0) continue;
            var name = Name(ObjectMeta.Name(service) ?? "");
            var first = ports[0].LongAt("port") ?? 0;
            env.Add(new($"{name}_SERVICE_HOST", ip));
            env.Add(new($"{name}_SERVICE_PORT", first.ToString(CultureInfo.InvariantCulture)));
            foreach (var port in ports)
            {
                if (port.StringAt("name") is { Length: > 0 } portName)
                    env.Add(new($"{name}_SERVICE_PORT_{Name(portName)}", (port.LongAt("port") ?? 0).ToString(CultureInfo.InvariantCulture)));
            }
            var firstProtocol = (ports[0].StringAt("protocol") ?? "TCP").ToLowerInvariant();
            env.Add(new($"{name}_PORT", $"{firstProtocol}://{ip}:{first}"));
            foreach (var port in ports)
            {
                var number = port.LongAt("port") ?? 0;
                var protocol = port.StringAt("protocol") ?? "TCP";
                var prefix = $"{name}_PORT_{number}_{protocol.ToUpperInvariant()}";
                env.Add(new(prefix, $"{protocol.ToLowerInvariant()}://{ip}:{number}"));
                env.Add(new($"{prefix}_PROTO", protocol.ToLowerInvariant()));
                env.Add(new($"{prefix}_PORT", number.ToString(CultureInfo.InvariantCulture)));
                env.Add(new($"{prefix}_ADDR", ip));
            }
        }
        return env;
    }

    private static string Name(string name) => name.ToUpperInvariant().Replace('-', '_');
}
