using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Selectors;

namespace Obs.Api.Tests.Selectors;

public class FieldSelectorTests
{
    [Fact]
    public void ParsesOperatorsAndSortsTerms()
    {
        var selector = FieldSelector.Parse("status.phase!=Running,metadata.name==x");
        Assert.Equal("metadata.name=x,status.phase!=Running", selector.ToString());
        Assert.True(selector.Matches(f => f == "metadata.name" ? "x" : "Pending"));
        Assert.False(selector.Matches(f => f == "metadata.name" ? "x" : "Running"));
    }

    [Fact]
    public void UnescapesValuesAndEscapesThemBack()
    {
        var selector = FieldSelector.Parse(@"metadata.name=a\,b\=c\\d");
        Assert.Equal(@"a,b=c\d", selector.Requirements[0].Value);
        Assert.Equal(@"metadata.name=a\,b\=c\\d", selector.ToString());
    }

    [Theory]
    [InlineData("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'")]
    [InlineData(@"a=b\x", @"invalid field selector: invalid escape sequence: \x")]
    [InlineData("a=b=c", "invalid field selector: unescaped character in value: 61")]
    [InlineData(@"a=b\", @"invalid field selector: invalid escape sequence: \")]
    public void ReportsKubernetesParseErrors(string text, string message)
    {
        Assert.False(FieldSelector.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void EmptyAndBlankTermsSelectEverything()
    {
        Assert.True(FieldSelector.Parse("").IsEmpty);
        Assert.True(FieldSelector.Parse(",").IsEmpty);
    }

    [Fact]
    public void UnsupportedFieldsGetKubernetesMessages()
    {
        Assert.Null(FieldSelectors.Validate(ResourceTypes.Pod, FieldSelector.Parse("spec.nodeName=n1,metadata.namespace=default")));
        Assert.Equal("field label not supported: spec.foo", FieldSelectors.Validate(ResourceTypes.Pod, FieldSelector.Parse("spec.foo=x")));
        Assert.Equal("\"spec.foo\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
            FieldSelectors.Validate(ResourceTypes.Deployment, FieldSelector.Parse("spec.foo=x")));
        Assert.Equal("field label \"spec.foo\" not supported for batchv1.Job", FieldSelectors.Validate(ResourceTypes.Job, FieldSelector.Parse("spec.foo=x")));
        Assert.Equal("\"spec.foo\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
            FieldSelectors.Validate(ResourceTypes.ReplicaSet, FieldSelector.Parse("spec.foo=x")));
        Assert.Null(FieldSelectors.Validate(ResourceTypes.ReplicaSet, FieldSelector.Parse("status.replicas=0")));
        Assert.Null(FieldSelectors.Validate(ResourceTypes.Event, FieldSelector.Parse("involvedObject.name=web,type=Warning,source=kubelet")));
    }

    [Fact]
    public void ValuesComeFromTheObject()
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"p","namespace":"ns"},"spec":{"nodeName":"n1","hostNetwork":true},"status":{"phase":"Running"}}""");
        Assert.Equal("n1", FieldSelectors.ValueOf(ResourceTypes.Pod, pod, "spec.nodeName"));
        Assert.Equal("true", FieldSelectors.ValueOf(ResourceTypes.Pod, pod, "spec.hostNetwork"));
        Assert.Equal("", FieldSelectors.ValueOf(ResourceTypes.Pod, pod, "status.podIP"));
        Assert.True(FieldSelectors.Matches(ResourceTypes.Pod, FieldSelector.Parse("status.phase!=Pending,metadata.namespace=ns"), pod));

        var node = JsonNode.Parse("""{"metadata":{"name":"n"}}""");
        Assert.Equal("false", FieldSelectors.ValueOf(ResourceTypes.Node, node, "spec.unschedulable"));

        var ev = JsonNode.Parse("""{"source":{"component":"kubelet"},"reportingComponent":"kubelet","involvedObject":{"kind":"Pod"}}""");
        Assert.Equal("kubelet", FieldSelectors.ValueOf(ResourceTypes.Event, ev, "source"));
        Assert.Equal("Pod", FieldSelectors.ValueOf(ResourceTypes.Event, ev, "involvedObject.kind"));

        var job = JsonNode.Parse("""{"status":{"succeeded":2}}""");
        Assert.Equal("2", FieldSelectors.ValueOf(ResourceTypes.Job, job, "status.successful"));
        Assert.Equal("0", FieldSelectors.ValueOf(ResourceTypes.ReplicaSet, job, "status.replicas"));
    }

    [Fact]
    public void EventsV1SelectsStoredEventsByItsOwnLabelsOnly()
    {
        Assert.Null(FieldSelectors.Validate(ResourceTypes.EventV1,
            FieldSelector.Parse("regarding.name=web,regarding.fieldPath=spec.containers{main},reportingController=kubelet,reason=Started,type=Normal,source=kubelet")));
        Assert.Equal("field label not supported: involvedObject.name", FieldSelectors.Validate(ResourceTypes.EventV1, FieldSelector.Parse("involvedObject.name=web")));

        var stored = JsonNode.Parse("""{"metadata":{"name":"web.1"},"involvedObject":{"kind":"Pod","name":"web"},"reportingComponent":"kubelet","source":{"component":"kubelet"}}""");
        Assert.Equal("web", FieldSelectors.ValueOf(ResourceTypes.EventV1, stored, "regarding.name"));
        Assert.Equal("kubelet", FieldSelectors.ValueOf(ResourceTypes.EventV1, stored, "reportingController"));
        Assert.Equal("kubelet", FieldSelectors.ValueOf(ResourceTypes.EventV1, stored, "source"));
        Assert.True(FieldSelectors.Matches(ResourceTypes.EventV1, FieldSelector.Parse("regarding.kind=Pod,metadata.name=web.1"), stored));
    }
}
