using System.Text.Json.Nodes;
using Obs.Api.Errors;

namespace Obs.Api.Tests.Validation;

/// <summary>Objects as they look after defaulting, for validators to start from.</summary>
internal static class ValidationFixtures
{
    public static JsonObject Obj(string json) => (JsonObject)JsonNode.Parse(json)!;

    public static JsonObject Pod() => Obj("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
         "spec":{"restartPolicy":"Always","dnsPolicy":"ClusterFirst","containers":[
           {"name":"app","image":"nginx","imagePullPolicy":"IfNotPresent","terminationMessagePolicy":"File",
            "ports":[{"name":"http","containerPort":80,"protocol":"TCP"}],
            "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"1","memory":"128Mi"}}}]}}
        """);

    public static JsonObject Deployment() => Obj("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
           "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
           "template":{"metadata":{"labels":{"app":"web"}},"spec":{"restartPolicy":"Always","containers":[{"name":"app","image":"nginx"}]}}}}
        """);

    public static IReadOnlyList<string> Messages(IEnumerable<FieldError> errors) => errors.Select(e => e.Message).ToList();
}
