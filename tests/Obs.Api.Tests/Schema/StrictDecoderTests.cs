using System.Text;
using Obs.Api.Resources;
using Obs.Api.Schema;

namespace Obs.Api.Tests.Schema;

public sealed class StrictDecoderTests
{
    private static StrictDecodingResult Check(string json, ResourceType resource) =>
        StrictDecoder.Check(Encoding.UTF8.GetBytes(json), resource);

    [Fact]
    public void AValidDeploymentIsClean()
    {
        var result = Check("""
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","labels":{"app":"web"},"annotations":{"a":"b"}},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
               "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}},
               "template":{"metadata":{"labels":{"app":"web"}},
                 "spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80}],
                   "resources":{"limits":{"cpu":"500m","memory":1000000}},
                   "env":[{"name":"A","valueFrom":{"configMapKeyRef":{"name":"cm","key":"k"}}}],
                   "livenessProbe":{"httpGet":{"path":"/","port":"http"},"periodSeconds":5}}],
                   "volumes":[{"name":"v","configMap":{"name":"cm","defaultMode":420}}]}}}}
            """, ResourceTypes.Deployment);
        Assert.True(result.IsClean, string.Join("; ", result.Problems));
        Assert.Null(result.StrictErrorMessage);
        Assert.Null(result.TypeErrorMessage);
    }

    [Fact]
    public void UnknownFieldIsReportedWithItsFullPath()
    {
        var result = Check("""
            {"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"b","imagePullPolicyy":"Always"}]}}}}
            """, ResourceTypes.Deployment);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(StrictProblemKind.UnknownField, problem.Kind);
        Assert.Equal("spec.template.spec.containers[1].imagePullPolicyy", problem.Path);
        Assert.Equal("strict decoding error: unknown field \"spec.template.spec.containers[1].imagePullPolicyy\"", result.StrictErrorMessage);
    }

    [Fact]
    public void AFieldNameWrittenWithEscapesIsTheFieldAndADuplicateOfItsPlainSpelling()
    {
        // JSON lets a member name be spelled with \u escapes; the decoder looks plain names up without a string of
        // their own, and must still know an escaped one.
        var result = Check("""{"metadata":{"n\u0061me":"a","name":"b"},"spec":{"containers":[{"im\u0061ge":1}]}}""", ResourceTypes.Pod);
        Assert.Equal(["metadata.name", "spec.containers[0].image"], result.Problems.Select(p => p.Path));
        Assert.Equal(StrictProblemKind.DuplicateField, result.Problems[0].Kind);
        Assert.Equal("json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string", result.Problems[1].Message);
    }

    [Fact]
    public void DuplicateFieldsAreReportedInDocumentOrderWithUnknownOnes()
    {
        var result = Check("""{"metadata":{"name":"a","name":"b"},"spec":{"foo":1}}""", ResourceTypes.Pod);
        Assert.Equal("strict decoding error: duplicate field \"metadata.name\", unknown field \"spec.foo\"", result.StrictErrorMessage);
        Assert.Equal(["duplicate field \"metadata.name\"", "unknown field \"spec.foo\""], result.Warnings);
        Assert.False(result.HasTypeErrors);
    }

    [Fact]
    public void DuplicateMapKeysAreDuplicateFields()
    {
        var result = Check("""{"metadata":{"labels":{"a":"1","a":"2"}}}""", ResourceTypes.ConfigMap);
        Assert.Equal("metadata.labels.a", Assert.Single(result.Problems).Path);
    }

    [Fact]
    public void ApiVersionAndKindAreAlwaysKnown()
    {
        Assert.True(Check("""{"apiVersion":"v1","kind":"ConfigMap","data":{"a":"b"}}""", ResourceTypes.ConfigMap).IsClean);
    }

    [Fact]
    public void StringWhereAnIntegerBelongsIsATypeError()
    {
        var result = Check("""{"spec":{"replicas":"3"}}""", ResourceTypes.Deployment);
        Assert.True(result.HasTypeErrors);
        Assert.False(result.HasStrictErrors);
        Assert.Equal("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32", result.TypeErrorMessage);
        Assert.Equal(
            "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32",
            result.CannotBeHandledMessage("Deployment", "v1"));
    }

    [Fact]
    public void TypeErrorsInsideListsNameTheElementStructAndPathWithoutIndexes()
    {
        var result = Check("""{"spec":{"containers":[{"name":"a","ports":[{"containerPort":1.5}]}]}}""", ResourceTypes.Pod);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("spec.containers[0].ports[0].containerPort", problem.Path);
        Assert.Equal("json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32", problem.Message);
    }

    [Fact]
    public void ObjectWhereAListBelongsNamesTheGoType()
    {
        var result = Check("""{"spec":{"containers":{"name":"a"}}}""", ResourceTypes.Pod);
        Assert.Equal("json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container", result.TypeErrorMessage);
    }

    [Fact]
    public void NumberAsALabelValueIsATypeErrorOnTheMapField()
    {
        var result = Check("""{"metadata":{"labels":{"a":1}}}""", ResourceTypes.Pod);
        Assert.Equal("metadata.labels.a", result.Problems[0].Path);
        Assert.Equal("json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string", result.TypeErrorMessage);
    }

    [Fact]
    public void FreeFormFieldsAcceptAnything()
    {
        Assert.True(Check("""{"data":{"spec":{"anything":[1,{"x":true}]}},"revision":2}""", ResourceTypes.ControllerRevision).IsClean);
        Assert.True(Check("""{"metadata":{"managedFields":[{"manager":"kubectl","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:x":{}}}}]}}""", ResourceTypes.ConfigMap).IsClean);
    }

    [Fact]
    public void QuantitiesAndIntOrStringsAcceptNumbersAndStrings()
    {
        Assert.True(Check("""{"spec":{"minAvailable":"50%","maxUnavailable":1}}""", ResourceTypes.PodDisruptionBudget).IsClean);
        Assert.Equal(
            "json: cannot unmarshal bool into Go struct field PodDisruptionBudgetSpec.spec.minAvailable of type intstr.IntOrString",
            Check("""{"spec":{"minAvailable":true}}""", ResourceTypes.PodDisruptionBudget).TypeErrorMessage);
    }

    [Fact]
    public void SecretDataMustBeBase64()
    {
        Assert.True(Check("""{"data":{"k":"aGVsbG8="}}""", ResourceTypes.Secret).IsClean);
        var result = Check("""{"data":{"k":"not base64!"}}""", ResourceTypes.Secret);
        Assert.Equal("illegal base64 data at input byte 3", result.TypeErrorMessage);
        Assert.Equal("data.k", result.Problems[0].Path);
    }

    [Fact]
    public void NullIsAcceptedForAnyField()
    {
        Assert.True(Check("""{"metadata":{"creationTimestamp":null},"spec":{"replicas":null,"template":{"spec":{"containers":null}}}}""", ResourceTypes.Deployment).IsClean);
    }

    [Fact]
    public void InlineEmbeddedFieldsAreKnown()
    {
        var json = """{"spec":{"volumes":[{"name":"v","secret":{"secretName":"s"},"projected":{"sources":[{"configMap":{"name":"c","items":[{"key":"a","path":"b"}]}}]}}],"containers":[{"name":"a","readinessProbe":{"exec":{"command":["true"]},"failureThreshold":3}}]}}""";
        Assert.True(Check(json, ResourceTypes.Pod).IsClean);
    }

    [Fact]
    public void UnknownFieldsUnderAnUnknownFieldAreNotReportedAgain()
    {
        var result = Check("""{"spek":{"foo":{"bar":1}}}""", ResourceTypes.Pod);
        Assert.Equal("spek", Assert.Single(result.Problems).Path);
    }

    [Fact]
    public void MalformedJsonIsReported()
    {
        var result = Check("""{"metadata":{"name":"a",}}""", ResourceTypes.Pod);
        Assert.True(result.HasTypeErrors);
        Assert.StartsWith("invalid JSON: ", result.TypeErrorMessage);
    }
}
