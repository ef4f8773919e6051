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
    private async Task<string> ExplainAsync(string path) =>
        Whitespace().Replace(await cluster.KubectlOkAsync("explain", path), " ");

    [Theory]
    [InlineData("deployment.spec.strategy", "How the Deployment replaces old pods with new ones when the pod template changes.", "rollingUpdate")]
    [InlineData("pod.spec.containers.livenessProbe", "When it fails failureThreshold times in a row, the node agent restarts the container.", "periodSeconds")]
    public async Task AFieldIsDescribedAndSoAreTheFieldsUnderIt(string path, string description, string fieldUnderIt)
    {
        var output = await ExplainAsync(path);
        Assert.Contains(description, output);
        Assert.Contains(fieldUnderIt, output);
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
