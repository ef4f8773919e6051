using Obs.Dashboard.Yaml;

namespace Obs.Dashboard.Tests.Yaml;

public sealed class YamlManifestTests
{
    private const string TwoDocuments = """
        # a config map and a deployment
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          mode: "fast"
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app.kubernetes.io/name: web
        spec:
          replicas: -1
          template:
            spec:
              containers:
              - name: web
                image: nginx
              - name: sidecar
                image: busybox
        """;

    [Fact]
    public void DocumentsAreSplitAtSeparatorsAndKeepTheirLineInTheWholeText()
    {
        var docs = YamlManifest.Parse(TwoDocuments);

        Assert.Equal(2, docs.Count);
        Assert.Equal(1, docs[0].Source.StartLine);
        Assert.Equal(9, docs[1].Source.StartLine);
        Assert.Equal("settings", docs[0].Object!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(-1, docs[1].Object!["spec"]!["replicas"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("spec.replicas", 16)]
    [InlineData("spec.template.spec.containers[1].image", 23)]
    [InlineData("spec.template.spec.containers[1]", 22)]
    [InlineData("metadata.labels[app.kubernetes.io/name]", 14)]
    [InlineData("spec.selector", 15)]
    [InlineData("spec.template.spec.containers[5].name", 19)]
    [InlineData("status.replicas", 9)]
    [InlineData("", 9)]
    public void AFieldPathIsMappedToTheLineOfItsKeyOrItsNearestWrittenParent(string field, int line)
    {
        var deployment = YamlManifest.Parse(TwoDocuments)[1];

        Assert.Equal(line, deployment.Lines.LineOf(field));
    }

    [Fact]
    public void ASyntaxErrorGivesItsLineAndColumnInTheWholeText()
    {
        var docs = YamlManifest.Parse("kind: ConfigMap\n---\nkind: Pod\nmetadata:\n  name: [unclosed\n");

        Assert.Null(docs[0].SyntaxError);
        var error = docs[1].SyntaxError;
        Assert.NotNull(error);
        Assert.Null(docs[1].Object);
        Assert.InRange(error.Line, 5, 6);
        Assert.NotNull(error.Column);
    }

    [Fact]
    public void ADuplicateKeyIsASyntaxErrorAtItsLine()
    {
        var doc = Assert.Single(YamlManifest.Parse("kind: Pod\nmetadata:\n  name: a\n  name: b\n"));

        Assert.NotNull(doc.SyntaxError);
        Assert.Equal(4, doc.SyntaxError.Line);
    }

    [Fact]
    public void ADocumentThatIsNotAMappingIsRefused()
    {
        var doc = Assert.Single(YamlManifest.Parse("- a\n- b\n"));

        Assert.Contains("must be a mapping", doc.SyntaxError!.Message);
    }

    [Fact]
    public void CommentOnlyDocumentsAreSkipped()
    {
        Assert.Single(YamlManifest.Parse("---\n# nothing\n---\nkind: Pod\n---\n"));
    }
}
