using System.Text.Json.Nodes;
using Obs.Dashboard.Pages.Services;

namespace Obs.Dashboard.Tests.Pages.Services;

public sealed class ServiceFactsTests
{
    [Fact]
    public void PortsReadAsKubectlPrintsThemWithTheNodePort()
    {
        Assert.Equal("80/TCP", ServiceFacts.Ports(ServiceObjects.Service("shop", "api")));
        Assert.Equal("80:30080/TCP", ServiceFacts.Ports(ServiceObjects.Service("shop", "api", nodePort: 30080)));
    }

    [Fact]
    public void EndpointsComeFromTheSlicesNamingTheServiceWithTheirReadiness()
    {
        var service = ServiceObjects.Service("shop", "api");
        JsonObject[] slices =
        [
            ServiceObjects.Slice("shop", "api", ("api-1", "127.0.0.1", true), ("api-2", "127.0.0.2", false)),
            ServiceObjects.Slice("shop", "other", ("other-1", "127.0.0.3", true)),
            ServiceObjects.Slice("elsewhere", "api", ("api-9", "127.0.0.9", true)),
        ];

        var endpoints = ServiceFacts.Endpoints(service, slices);

        Assert.Equal(["api-1", "api-2"], endpoints.Select(e => e.TargetName));
        Assert.Equal("1/2", ServiceFacts.ReadyText(endpoints));
        Assert.Equal("http 8080/TCP", endpoints[0].Ports);
    }

    [Theory]
    [InlineData("99.9", 0.999)]
    [InlineData("99.5%", 0.995)]
    [InlineData("100", null)]
    [InlineData("fast", null)]
    public void TheAvailabilityObjectiveIsReadFromItsAnnotation(string text, double? expected)
    {
        var service = ServiceObjects.Service("shop", "api", new JsonObject { [ServiceFacts.AvailabilityAnnotation] = text });

        var objective = ServiceFacts.Availability(service);

        if (expected is null) Assert.Null(objective);
        else Assert.Equal(expected.Value, objective!.Value, 9);
    }

    [Fact]
    public void IngressRulesThatSendToTheServiceAreItsRoutes()
    {
        var ingress = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "shop" },
            ["spec"] = new JsonObject
            {
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["host"] = "shop.example",
                    ["http"] = new JsonObject
                    {
                        ["paths"] = new JsonArray(
                            new JsonObject { ["path"] = "/api", ["backend"] = new JsonObject { ["service"] = new JsonObject { ["name"] = "api" } } },
                            new JsonObject { ["path"] = "/", ["backend"] = new JsonObject { ["service"] = new JsonObject { ["name"] = "front" } } }),
                    },
                }),
            },
        };

        Assert.Equal(["web: shop.example/api"], ServiceFacts.IngressRoutes(ServiceObjects.Service("shop", "api"), [ingress]));
    }
}
