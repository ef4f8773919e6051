using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Schema;

namespace Obs.Api.Tests.Schema;

public sealed class UnknownFieldPrunerTests
{
    [Fact]
    public void UnknownFieldsGoAtEveryDepthAndKnownOnesStay()
    {
        var deployment = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","colour":"red",
             "metadata":{"name":"web","labels":{"app":"web"},"annotations":{"note":"keep"},"nickname":"w"},
             "spec":{"replicas":2,"replicaz":3,
                     "template":{"spec":{"containers":[{"name":"c","image":"i","imagePullPolicyy":"Always","ports":[{"containerPort":80,"hostPortt":1}]}]}}}}
            """)!.AsObject();
        UnknownFieldPruner.Prune(deployment, ApiSchema.Default.ForResource(ResourceTypes.Deployment));
        Assert.Equal(
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"},"annotations":{"note":"keep"}},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}]}]}}}}""",
            deployment.ToJsonString());
    }

    [Fact]
    public void MapKeysAreNotFields()
    {
        var cm = JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"anything":"x","else":"y"}}""")!.AsObject();
        UnknownFieldPruner.Prune(cm, ApiSchema.Default.ForResource(ResourceTypes.ConfigMap));
        Assert.Equal(2, cm["data"]!.AsObject().Count);
    }
}
