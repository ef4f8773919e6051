using System.Text.Json.Nodes;
using Obs.Api.Validation;

namespace Obs.Api.Tests.Validation;

public class MetadataValidationTests
{
    private static IEnumerable<string> Validate(string json, bool namespaced = true) =>
        MetadataValidation.Validate(JsonNode.Parse(json), namespaced, NameValidators.DnsSubdomain).Select(e => e.Message);

    [Fact]
    public void NameIsRequiredUnlessGenerateName()
    {
        Assert.Equal(["metadata.name: Required value: name or generateName is required"], Validate("""{"namespace":"default"}"""));
    }

    [Fact]
    public void GenerateNameMayEndInDash()
    {
        Assert.Empty(MetadataValidation.Validate(JsonNode.Parse("""{"name":"web-x1","generateName":"web-","namespace":"d"}"""), true, NameValidators.DnsSubdomain));
    }

    [Fact]
    public void NamespaceRequiredOrForbiddenByScope()
    {
        Assert.Equal(["metadata.namespace: Required value"], Validate("""{"name":"a"}"""));
        Assert.Equal(["metadata.namespace: Forbidden: not allowed on this type"], Validate("""{"name":"a","namespace":"d"}""", namespaced: false));
    }

    [Fact]
    public void LabelsAnnotationsAndFinalizersAreChecked()
    {
        var messages = Validate("""{"name":"a","namespace":"d","labels":{"ok":"-bad"},"annotations":{"a/b/c":"x"},"finalizers":["orphan","foregroundDeletion"]}""").ToList();
        Assert.Equal(3, messages.Count);
        Assert.StartsWith("metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string", messages[0]);
        Assert.StartsWith("metadata.annotations: Invalid value: \"a/b/c\": a qualified name must consist", messages[1]);
        Assert.Equal("metadata.finalizers: Invalid value: [\"orphan\",\"foregroundDeletion\"]: finalizer orphan and foregroundDeletion cannot be both set", messages[2]);
    }

    [Fact]
    public void AnnotationsLimitedTo256KiB()
    {
        var meta = new JsonObject { ["name"] = "a", ["namespace"] = "d", ["annotations"] = new JsonObject { ["big"] = new string('x', 262142) } };
        var errors = MetadataValidation.Validate(meta, true, NameValidators.DnsSubdomain);
        Assert.Equal("metadata.annotations", Assert.Single(errors).Field);
    }

    [Fact]
    public void OwnerReferencesNeedFieldsAndOneController()
    {
        var messages = Validate("""
            {"name":"a","namespace":"d","ownerReferences":[
              {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"r1","uid":"u1","controller":true},
              {"apiVersion":"apps/","kind":"","name":"r2","uid":"u2","controller":true}]}
            """).ToList();
        Assert.Equal("metadata.ownerReferences.apiVersion: Invalid value: \"apps/\": version must not be empty", messages[0]);
        Assert.Equal("metadata.ownerReferences.kind: Invalid value: \"\": must not be empty", messages[1]);
        Assert.EndsWith("Only one reference can have Controller set to true. Found \"true\" in references for ReplicaSet/r1 and /r2", messages[2]);
    }

    [Fact]
    public void WrongTypesAreErrors()
    {
        var errors = MetadataValidation.Validate(JsonNode.Parse("""{"name":5,"namespace":"d","labels":[1]}"""), true, NameValidators.DnsSubdomain);
        Assert.Equal(["metadata.name", "metadata.name", "metadata.labels"], errors.Select(e => e.Field));
    }

    [Fact]
    public void UpdateKeepsIdentityFixed()
    {
        var old = JsonNode.Parse("""{"name":"a","namespace":"d","uid":"1","creationTimestamp":"2024-01-01T00:00:00Z"}""");
        var now = JsonNode.Parse("""{"name":"b","namespace":"d","uid":"2","creationTimestamp":"2024-01-01T00:00:00Z"}""");
        Assert.Equal(
            ["metadata.name: Invalid value: \"b\": field is immutable", "metadata.uid: Invalid value: \"2\": field is immutable"],
            MetadataValidation.ValidateUpdate(now, old).Select(e => e.Message));
    }

    [Fact]
    public void NoNewFinalizersWhileDeleting()
    {
        var old = JsonNode.Parse("""{"name":"a","deletionTimestamp":"2024-01-01T00:00:00Z","finalizers":["x/a"]}""");
        var now = JsonNode.Parse("""{"name":"a","deletionTimestamp":"2024-01-01T00:00:00Z","finalizers":["x/a","x/b"]}""");
        Assert.Equal(
            "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"x/b\"}",
            Assert.Single(MetadataValidation.ValidateUpdate(now, old)).Message);
        Assert.Empty(MetadataValidation.ValidateUpdate(JsonNode.Parse("""{"name":"a","finalizers":[]}"""), old));
    }
}
