using Obs.Api.Defaults;
using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class NetworkPolicyValidationTests
{
    private static IReadOnlyList<string> Create(string spec)
    {
        var policy = Obj($$"""{"metadata":{"name":"np","namespace":"d"},"spec":{{spec}}}""");
        ObjectDefaulter.Apply(ResourceTypes.NetworkPolicy, policy);
        return Messages(ObjectValidator.ValidateCreate(ResourceTypes.NetworkPolicy, policy));
    }

    [Fact]
    public void AFullPolicyIsValid()
    {
        Assert.Empty(Create("""
            {"podSelector":{"matchLabels":{"app":"db"}},"policyTypes":["Ingress","Egress"],
             "ingress":[{"from":[{"podSelector":{"matchLabels":{"app":"web"}}},{"namespaceSelector":{},"podSelector":{}},{"ipBlock":{"cidr":"10.0.0.1/8","except":["10.1.0.0/16"]}}],
                         "ports":[{"port":5432},{"protocol":"UDP","port":"dns"},{"port":8000,"endPort":8080}]}],
             "egress":[{"to":[{"ipBlock":{"cidr":"2001:db8::/32"}}]}]}
            """));
    }

    [Fact]
    public void AnEmptySpecSelectsEveryPodAndDeniesIngress()
    {
        Assert.Empty(Create("{}"));
    }

    [Fact]
    public void PortsAreChecked()
    {
        Assert.Equal(
        [
            "spec.ingress[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", \"SCTP\"",
            "spec.ingress[0].ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "spec.ingress[0].ports[2].endPort: Invalid value: 100: must be greater than or equal to `port`",
            "spec.ingress[0].ports[3].endPort: Invalid value: 90: may not be specified when `port` is non-numeric",
            "spec.ingress[0].ports[4].endPort: Invalid value: 90: may not be specified when `port` is not specified",
        ], Create("""
            {"ingress":[{"ports":[{"protocol":"ICMP","port":80},{"port":70000},{"port":100,"endPort":90},{"port":"http","endPort":90},{"endPort":90}]}]}
            """));
    }

    [Fact]
    public void PeersAndIpBlocksAreChecked()
    {
        Assert.Equal(
        [
            "spec.egress[0].to[0]: Required value: must specify a peer",
            "spec.egress[0].to[1]: Forbidden: may not specify both ipBlock and another peer",
            "spec.egress[0].to[2].ipBlock.cidr: Invalid value: \"10.0.0.0\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
            "spec.egress[0].to[3].ipBlock.except[0]: Invalid value: \"192.168.0.0/24\": must be a strict subset of `cidr`",
            "spec.egress[0].to[3].ipBlock.except[1]: Invalid value: \"10.0.0.0/8\": must be a strict subset of `cidr`",
            "spec.egress[0].to[4].ipBlock.cidr: Required value",
        ], Create("""
            {"egress":[{"to":[{},{"podSelector":{},"ipBlock":{"cidr":"10.0.0.0/8"}},{"ipBlock":{"cidr":"10.0.0.0"}},
              {"ipBlock":{"cidr":"10.0.0.0/8","except":["192.168.0.0/24","10.0.0.0/8"]}},{"ipBlock":{}}]}]}
            """));
    }

    [Fact]
    public void SelectorsAndPolicyTypesAreChecked()
    {
        var messages = Create("""{"podSelector":{"matchExpressions":[{"key":"app","operator":"Sometimes"}]},"policyTypes":["Inbound"]}""");
        Assert.Contains(messages, m => m.StartsWith("spec.podSelector.matchExpressions[0].operator", StringComparison.Ordinal));
        Assert.Contains("spec.policyTypes[0]: Unsupported value: \"Inbound\": supported values: \"Ingress\", \"Egress\"", messages);
        var tooMany = Assert.Single(Create("""{"policyTypes":["Ingress","Egress","Ingress"]}"""));
        Assert.StartsWith("spec.policyTypes: Invalid value: ", tooMany);
        Assert.EndsWith(": may not specify more than two policyTypes", tooMany);
    }
}
