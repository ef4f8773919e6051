using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class ServiceValidationTests
{
    private static JsonObject Service() => Obj("""
        {"metadata":{"name":"web","namespace":"default"},
         "spec":{"type":"ClusterIP","sessionAffinity":"None","selector":{"app":"web"},"clusterIP":"10.96.0.10",
           "ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"},{"name":"https","port":443,"targetPort":"https","protocol":"TCP"}]}}
        """);

    private static IReadOnlyList<string> Validate(JsonObject svc) => Messages(ObjectValidator.ValidateCreate(ResourceTypes.Service, svc));

    [Fact]
    public void ValidServiceHasNoErrors() => Assert.Empty(Validate(Service()));

    [Fact]
    public void NameMustBeDns1035Label()
    {
        var svc = Service();
        svc["metadata"]!["name"] = "1web";
        Assert.StartsWith("metadata.name: Invalid value: \"1web\": a DNS-1035 label", Assert.Single(Validate(svc)));
    }

    [Fact]
    public void PortsRequiredUnlessHeadlessOrExternalName()
    {
        var svc = Obj("""{"metadata":{"name":"a","namespace":"d"},"spec":{"type":"ClusterIP"}}""");
        Assert.Equal(["spec.ports: Required value"], Validate(svc));
        svc["spec"]!["clusterIP"] = "None";
        Assert.Empty(Validate(svc));
        svc = Obj("""{"metadata":{"name":"a","namespace":"d"},"spec":{"type":"ExternalName","externalName":"example.com."}}""");
        Assert.Empty(Validate(svc));
    }

    [Fact]
    public void PortsNeedNamesWhenSeveralAndValidNumbers()
    {
        var svc = Service();
        svc["spec"]!["ports"] = JsonNode.Parse("""[{"port":80,"protocol":"TCP"},{"name":"b","port":0,"targetPort":"Bad_Name","protocol":"TCP"},{"name":"b","port":80,"protocol":"TCP"}]""");
        Assert.Equal(
            [
                "spec.ports[0].name: Required value",
                "spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[1].targetPort: Invalid value: \"Bad_Name\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "spec.ports[2].name: Duplicate value: \"b\"",
                "spec.ports[2]: Duplicate value: {\"port\":80,\"protocol\":\"TCP\"}",
            ],
            Validate(svc));
    }

    [Fact]
    public void TypeAndClusterIPValues()
    {
        var svc = Service();
        svc["spec"]!["type"] = "Internal";
        svc["spec"]!["clusterIP"] = "10.0.0";
        Assert.Equal(
            [
                "spec.clusterIP: Invalid value: \"10.0.0\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                "spec.type: Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
            ],
            Validate(svc));
    }

    [Fact]
    public void ClusterIPCannotChangeOnceSet()
    {
        var old = Service();
        var now = Service();
        now["spec"]!["clusterIP"] = "10.96.0.11";
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: [\"10.96.0.11\"]: may not change once set"], Messages(ObjectValidator.ValidateUpdate(ResourceTypes.Service, now, old)));
        ((JsonObject)now["spec"]!).Remove("clusterIP");
        Assert.Empty(ObjectValidator.ValidateUpdate(ResourceTypes.Service, now, old));
    }
}
