using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class CoreObjectValidationTests
{
    [Fact]
    public void NamespaceNameIsALabelAndHasNoNamespace()
    {
        var ns = Obj("""{"metadata":{"name":"team.a","namespace":"x"}}""");
        Assert.Equal(
            ["metadata.name: Invalid value: \"team.a\": must not contain dots", "metadata.namespace: Forbidden: not allowed on this type"],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.Namespace, ns)));
    }

    [Fact]
    public void NodeTaintsAreChecked()
    {
        var node = Obj("""{"metadata":{"name":"n1"},"spec":{"taints":[{"key":"a","effect":"Sometimes"},{"key":"b","effect":"NoSchedule"},{"key":"b","effect":"NoSchedule"}]}}""");
        Assert.Equal(
            [
                "spec.taints[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
                "spec.taints[2]: Duplicate value: {\"key\":\"b\",\"effect\":\"NoSchedule\"}",
            ],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.Node, node)));
    }

    [Fact]
    public void EndpointsAddressesAndPorts()
    {
        var ep = Obj("""{"metadata":{"name":"web","namespace":"d"},"subsets":[{"addresses":[{"ip":"127.0.0.1"},{"ip":"nope"}],"ports":[{"port":70000,"protocol":"TCP"}]}]}""");
        Assert.Equal(
            [
                "subsets[0].addresses[1].ip: Invalid value: \"nope\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                "subsets[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
            ],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.Endpoints, ep)));
    }

    [Fact]
    public void EndpointSliceAddressType()
    {
        var slice = Obj("""{"metadata":{"name":"web-1","namespace":"d"},"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.1"]}]}""");
        Assert.Empty(ObjectValidator.ValidateCreate(ResourceTypes.EndpointSlice, slice));
        slice["addressType"] = "IPX";
        Assert.Equal(["addressType: Unsupported value: \"IPX\": supported values: \"IPv4\", \"IPv6\", \"FQDN\""], Messages(ObjectValidator.ValidateCreate(ResourceTypes.EndpointSlice, slice)));
    }
}
