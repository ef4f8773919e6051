using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Dashboard.Pages.Pods;

/// <summary>A probe in one line, as <c>kubectl describe pod</c> prints it: <c>http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3</c>.</summary>
public static class ProbeText
{
    public static string Format(JsonNode probe)
    {
        var action = probe["httpGet"] is { } http
            ? $"http-get {(http.StringAt("scheme") ?? "HTTP").ToLowerInvariant()}://{http.StringAt("host")}:{Port(http)}{http.StringAt("path")}"
            : probe["tcpSocket"] is { } tcp
                ? $"tcp-socket {tcp.StringAt("host")}:{Port(tcp)}"
                : probe["grpc"] is { } grpc
                    ? $"grpc <pod>:{grpc.LongAt("port")} {grpc.StringAt("service")}".TrimEnd()
                    : probe["exec"] is { } exec
                        ? $"exec [{string.Join(" ", (exec["command"] as JsonArray)?.Select(c => c?.ToString()) ?? [])}]"
                        : "unknown";
        return $"{action} delay={probe.LongAt("initialDelaySeconds") ?? 0}s timeout={probe.LongAt("timeoutSeconds") ?? 1}s " +
            $"period={probe.LongAt("periodSeconds") ?? 10}s #success={probe.LongAt("successThreshold") ?? 1} #failure={probe.LongAt("failureThreshold") ?? 3}";
    }

    // A port is a number or a named container port.
    private static string Port(JsonNode action) => action["port"]?.ToString() ?? "";
}
