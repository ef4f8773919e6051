using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Obs.Api.Resources;

namespace Obs.Controllers.Tests.Nodes;

/// <summary>Events about a cluster-scoped object, as the real kubectl describe finds them.</summary>
[Collection(ControllerCollection.Name)]
public sealed class NodeEventsTests(ControllerCluster fixture)
{
    [Fact]
    public async Task KubectlDescribeNodeShowsTheNodeControllerRegisteringIt()
    {
        var name = "node-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Client.CreateAsync(ResourceTypes.Node, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            // Unschedulable and labelled apart, so the DaemonSets of other tests leave it alone.
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["obs-test"] = name } },
            ["spec"] = new JsonObject { ["unschedulable"] = true },
        });
        try
        {
            var output = "";
            var pattern = $@"Normal\s+RegisteredNode\s+\S+\s+node-controller\s+Node {name} event: Registered Node {name} in Controller";
            await Eventually.HoldsAsync(async () =>
            {
                output = await fixture.Cluster.KubectlOkAsync("describe", "node", name);
                return Regex.IsMatch(output, pattern);
            }, () => Task.FromResult($"/{pattern}/ in kubectl describe node:\n{output}"));
        }
        finally
        {
            await fixture.Client.DeleteAsync(ResourceTypes.Node, null, name);
        }
    }
}
