using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Printing;
using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

/// <summary>
/// Deployment and ReplicaSet rows read from the bytes in place (how the apiserver prints them) against the
/// rows the former node-tree printers (<see cref="ReferenceWorkloadTables"/>) give for the same object.
/// </summary>
public sealed class WorkloadRowTests
{
    public static TheoryData<string> Kinds => ["Deployment", "ReplicaSet"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ReadingBytesInPlaceGivesTheTreePrintersRowForVariedWorkloads(string kind)
    {
        var workloads = new VariedWorkloads(seed: 20261206);
        var selectors = new HashSet<string>();
        var containers = new HashSet<string>();
        for (var i = 0; i < 3000; i++)
        {
            var cells = SameRow(kind, workloads.Next().ToJsonString());
            selectors.Add(cells[7]!.GetValue<string>());
            containers.Add(cells[5]!.GetValue<string>());
        }

        // The objects reach every form of a selector requirement and of the container list.
        Assert.Contains(selectors, s => s.Contains(" in (", StringComparison.Ordinal));
        Assert.Contains(selectors, s => s.Contains(" notin (", StringComparison.Ordinal));
        Assert.Contains(selectors, s => s.Contains(" Gt (", StringComparison.Ordinal));
        Assert.Contains(selectors, s => s.StartsWith('!'));
        Assert.Contains(selectors, s => s.Contains('=') && s.Contains(','));
        Assert.Contains(containers, c => c.Contains(','));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""[]""")]
    [InlineData("""{"metadata":null,"spec":null,"status":null}""")]
    // The former printers threw for a spec, template or selector that is not an object; the row now reads it as empty.
    [InlineData("""{"metadata":"m","spec":[],"status":"s"}""")]
    [InlineData("""{"spec":{"template":"t","selector":[1]}}""")]
    // Containers count only at template.spec.containers.
    [InlineData("""{"spec":{"template":{"spec":{"spec":{"containers":[{"name":"y"}]},"template":{"spec":{"containers":[{"name":"z"}]}}},"containers":[{"name":"x"}]}}}""")]
    [InlineData("""{"spec":{"template":{"spec":7},"selector":{"matchLabels":[],"matchExpressions":{}}}}""")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"i"},"x",null,{"name":7}]}},"selector":{"matchLabels":{"b":"2","a":"1","c":null,"d":{}}}}}""")]
    // Escaped property names (and label keys) are the same names.
    [InlineData("""{"sp\u0065c":{"s\u0065lector":{"matchL\u0061bels":{"\u00fc":"x","a\/b":"y"},"matchExpressions":[{"k\u0065y":"k","op\u0065rator":"In","v\u0061lues":["b","\u00e4","a"]}]}}}""")]
    // A later duplicate replaces the earlier one whole; a matchLabels key and an expression's may be the same.
    [InlineData("""{"spec":{"selector":{"matchLabels":{"a":"1","a":"2","b":"x","b":5}},"template":{"spec":{"containers":[{"name":"a","image":"i","image":"j"}]}}}}""")]
    [InlineData("""{"spec":{"selector":{"matchLabels":{"a":"1"}},"selector":{"matchExpressions":[{"key":"a","operator":"Exists"}],"matchLabels":{"a":"0"}}}}""")]
    [InlineData("""{"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"a"}]}},"template":{}},"spec":{"template":{"spec":{"containers":[{"name":"b","name":"c"}],"containers":[{"image":"i"}]}}},"status":{"replicas":2},"status":{"readyReplicas":1}}""")]
    [InlineData("""{"spec":{"selector":{"matchExpressions":[{"key":"z","operator":"NotIn","values":["b","a"],"values":"x"},{"key":"a","operator":"In","values":[["x"],{"y":1},"q"]}]}}}""")]
    [InlineData("""{"spec":{"replicas":99999999999999999999},"status":{"replicas":1e2,"readyReplicas":-0,"updatedReplicas":"1","availableReplicas":2.0}}""")]
    public void OddWorkloadsReadInPlaceGiveTheTreePrintersRow(string json)
    {
        _ = SameRow("Deployment", json);
        _ = SameRow("ReplicaSet", json);
    }

    [Fact]
    public void TheComparisonSeesADifferentCell()
    {
        var three = """{"spec":{"replicas":3}}""";
        var two = """{"spec":{"replicas":2}}""";
        Assert.NotEqual(RowComparison.ReferenceRow(ReferenceWorkloadTables.ReplicaSet, three), RowComparison.InPlaceRow(TablePrinters.For(ResourceTypes.ReplicaSet), two));
    }

    private static IReadOnlyList<JsonNode?> SameRow(string kind, string json) => kind == "Deployment"
        ? RowComparison.SameRow(TablePrinters.For(ResourceTypes.Deployment), ReferenceWorkloadTables.Deployment, json)
        : RowComparison.SameRow(TablePrinters.For(ResourceTypes.ReplicaSet), ReferenceWorkloadTables.ReplicaSet, json);
}
