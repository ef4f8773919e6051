using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.EndToEnd.Tests.Kubectl;

/// <summary>What a user does with an operator's manifests: apply the CustomResourceDefinition, wait for it, then apply, get and delete its objects.</summary>
public sealed class KubectlCustomResourceTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    // Each test's definition has a group and kind of its own, so kubectl resolves plural, short name and kind to one resource.
    private static string Definition(string group, string kind, string shortName) => $$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: {{kind.ToLowerInvariant()}}s.{{group}}
        spec:
          group: {{group}}
          scope: Namespaced
          names:
            plural: {{kind.ToLowerInvariant()}}s
            singular: {{kind.ToLowerInvariant()}}
            kind: {{kind}}
            shortNames: [{{shortName}}]
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
            additionalPrinterColumns:
            - name: Spec
              type: string
              jsonPath: .spec.cronSpec
            - name: Replicas
              type: integer
              jsonPath: .spec.replicas
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      cronSpec:
                        type: string
                        pattern: '^(\d+|\*)(/\d+)?(\s+(\d+|\*)(/\d+)?){4}$'
                      image:
                        type: string
                      replicas:
                        type: integer
                        minimum: 1
                        maximum: 10
                  status:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
        """;

    private static string CronTab(string group, string name, int replicas, string kind = "CronTab") => $"""
        apiVersion: {group}/v1
        kind: {kind}
        metadata:
          name: {name}
        spec:
          cronSpec: "* * * * */5"
          image: my-cron-image
          replicas: {replicas}
        """;

    private async Task ApplyDefinitionAsync(string group, string kind, string shortName, params string[] flags)
    {
        var crd = cluster.Manifest($"crd-{group}.yaml", Definition(group, kind, shortName));
        await cluster.KubectlOkAsync(["apply", .. flags, "-f", crd]);
        await cluster.KubectlOkAsync("wait", "--for=condition=Established", "--timeout=30s", $"crd/{kind.ToLowerInvariant()}s.{group}");
    }

    [Fact]
    public async Task AnAppliedDefinitionsObjectsAreAppliedAndShownByPluralShortNameAndKind()
    {
        const string group = "stable.example.com";
        await ApplyDefinitionAsync(group, "CronTab", "ct");
        var output = await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest("ct.yaml", CronTab(group, "my-cron", 3)));
        Assert.Contains("crontab.stable.example.com/my-cron created", output);

        var table = await cluster.KubectlOkAsync("get", "crontabs");
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "SPEC", "REPLICAS", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["my-cron", "*", "*", "*", "*", "*/5", "3"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]);
        Assert.Contains("my-cron", await cluster.KubectlOkAsync("get", "ct"));
        Assert.Contains("my-cron", await cluster.KubectlOkAsync("get", "CronTab"));
        Assert.Contains("my-cron", await cluster.KubectlOkAsync("get", "crontab.stable.example.com", "my-cron"));

        // A second apply changes only what changed; the object keeps its identity.
        var uid = JsonNode.Parse(await cluster.KubectlOkAsync("get", "ct", "my-cron", "-o", "json"))!["metadata"]!["uid"]!.GetValue<string>();
        Assert.Contains("configured", await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest("ct2.yaml", CronTab(group, "my-cron", 5))));
        var again = JsonNode.Parse(await cluster.KubectlOkAsync("get", "ct", "my-cron", "-o", "json"))!;
        Assert.Equal(uid, again["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal(5, again["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(2, again["metadata"]!["generation"]!.GetValue<long>());

        // The everyday edits: labels, a merge patch, and the Table of the definitions.
        await cluster.KubectlOkAsync("label", "ct", "my-cron", "tier=batch");
        await cluster.KubectlOkAsync("patch", "ct", "my-cron", "--type=merge", "-p", """{"spec":{"image":"other"}}""");
        Assert.Contains("my-cron", await cluster.KubectlOkAsync("get", "ct", "-l", "tier=batch"));
        Assert.Equal("other", await cluster.KubectlOkAsync("get", "ct", "my-cron", "-o", "jsonpath={.spec.image}"));
        var crds = await cluster.KubectlOkAsync("get", "crds");
        Assert.StartsWith("NAME", crds);
        Assert.Contains("CREATED AT", crds);
        Assert.Contains("crontabs.stable.example.com", crds);
        Assert.Contains("crontabs", await cluster.KubectlOkAsync("api-resources", "--api-group", group));
    }

    [Fact]
    public async Task ServerSideApplyOfTheDefinitionAndItsObjects()
    {
        const string group = "ssa.example.com";
        await ApplyDefinitionAsync(group, "SsaTab", "sst", "--server-side");
        var output = await cluster.KubectlOkAsync("apply", "--server-side", "-f", cluster.Manifest("ct-ssa.yaml", CronTab(group, "ssa-cron", 2, "SsaTab")));
        Assert.Contains("serverside-applied", output);
        await cluster.KubectlOkAsync("apply", "--server-side", "-f", cluster.Manifest("ct-ssa2.yaml", CronTab(group, "ssa-cron", 4, "SsaTab")));
        var cron = JsonNode.Parse(await cluster.KubectlOkAsync("get", "sst", "ssa-cron", "-o", "json", "--show-managed-fields"))!;
        Assert.Equal(4, cron["spec"]!["replicas"]!.GetValue<long>());
        Assert.Contains(cron["metadata"]!["managedFields"]!.AsArray(), f => f!["manager"]!.GetValue<string>() == "kubectl");
    }

    [Fact]
    public async Task AnObjectOutsideTheSchemaIsRefusedWithTheField()
    {
        const string group = "invalid.example.com";
        await ApplyDefinitionAsync(group, "BadTab", "bdt");
        var result = await cluster.KubectlAsync("apply", "-f", cluster.Manifest("ct-bad.yaml", CronTab(group, "bad-cron", 20, "BadTab")));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("spec.replicas", result.StdErr);
        Assert.Contains("should be less than or equal to 10", result.StdErr);
    }

    [Fact]
    public async Task DeletingTheDefinitionTakesItsObjectsAndTheResourceAway()
    {
        const string group = "deleted.example.com";
        await ApplyDefinitionAsync(group, "GoneTab", "gnt");
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest("ct-del.yaml", CronTab(group, "doomed", 1, "GoneTab")));
        await cluster.KubectlOkAsync("delete", "crd", $"gonetabs.{group}", "--timeout=60s");
        var result = await cluster.KubectlAsync("get", "gonetabs");
        Assert.NotEqual(0, result.ExitCode);
        // Gone from discovery, or, from kubectl's cached discovery, gone from the server.
        Assert.True(result.StdErr.Contains("the server doesn't have a resource type", StringComparison.Ordinal) ||
            result.StdErr.Contains("the server could not find the requested resource", StringComparison.Ordinal), result.StdErr);
        Assert.DoesNotContain("deleted.example.com", await cluster.KubectlOkAsync("get", "--raw", "/apis"));
    }
}
