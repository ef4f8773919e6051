using System.Text.RegularExpressions;
using Obs.Testing;

namespace Obs.EndToEnd.Tests.Kubectl;

/// <summary>
/// <c>kubectl explain</c> reads the served OpenAPI v3 documents: the descriptions written for
/// Obs must reach the user, for a field, for the fields under it and for a kind.
/// </summary>
public sealed partial class KubectlExplainTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    /// <summary>kubectl wraps descriptions to the terminal width; compare text with every run of whitespace made one space.</summary>
    private async Task<string> ExplainAsync(params string[] path) =>
        Whitespace().Replace(await cluster.KubectlOkAsync(["explain", .. path]), " ");

    [Fact]
    public async Task DeploymentStrategyIsDescribedWithItsFields()
    {
        var output = await ExplainAsync("deployment.spec.strategy");
        Assert.Contains("How the Deployment replaces old pods with new ones when the pod template changes.", output);
        Assert.Contains("rollingUpdate", output);
        Assert.DoesNotContain("<no description>", output);
    }

    [Fact]
    public async Task LivenessProbeSaysWhatTheAgentDoesOnFailure()
    {
        var output = await ExplainAsync("pod.spec.containers.livenessProbe");
        Assert.Contains("the node agent restarts the container", output);
        Assert.Contains("failureThreshold", output);
        Assert.DoesNotContain("<no description>", output);
    }

    [Fact]
    public async Task KindDescriptionComesFirst()
    {
        var output = await ExplainAsync("service");
        Assert.Contains("KIND: Service", output);
        Assert.Contains("cluster IP", output);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
