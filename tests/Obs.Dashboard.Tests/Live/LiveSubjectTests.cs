using System.Text.Json.Nodes;
using Obs.Dashboard.Live;

namespace Obs.Dashboard.Tests.Live;

public sealed class LiveSubjectTests
{
    [Fact]
    public void AnEventIsAboutItsInvolvedObject()
    {
        var e = JsonNode.Parse("""{"metadata":{"namespace":"shop","name":"web.1"},"involvedObject":{"kind":"Pod","namespace":"shop","name":"web","uid":"u1"}}""")!.AsObject();

        Assert.Equal(["Pod/shop/web"], LiveSubject.OfEvent(e));
    }

    [Fact]
    public void AnEventsK8sIoEventIsAboutWhatItRegards()
    {
        var e = JsonNode.Parse("""{"metadata":{"namespace":"shop","name":"web.1"},"regarding":{"kind":"Deployment","namespace":"shop","name":"web"}}""")!.AsObject();

        Assert.Equal(["Deployment/shop/web"], LiveSubject.OfEvent(e));
    }

    [Fact]
    public void AnInvolvedObjectWithoutNamespaceMayBeClusterScopedOrInTheEventsNamespace()
    {
        var e = JsonNode.Parse("""{"metadata":{"namespace":"default","name":"n1.1"},"involvedObject":{"kind":"Node","name":"n1"}}""")!.AsObject();

        Assert.Equal(["Node//n1", "Node/default/n1"], LiveSubject.OfEvent(e));
        Assert.Equal("Node//n1", LiveSubject.Of(JsonNode.Parse("""{"kind":"Node","metadata":{"name":"n1"}}""")!.AsObject()));
    }

    [Fact]
    public void AnEventAboutNothingHasNoSubject() =>
        Assert.Empty(LiveSubject.OfEvent(JsonNode.Parse("""{"metadata":{"namespace":"shop","name":"x"}}""")!.AsObject()));

    [Theory]
    [InlineData("Pod/shop/web", true)]
    [InlineData("Node//n1", true)]
    [InlineData("Pod/web", false)]
    [InlineData("/shop/web", false)]
    [InlineData("Pod/shop/", false)]
    [InlineData("Pod/shop/web/x", false)]
    public void ASubjectIsKindNamespaceAndName(string text, bool wellFormed) =>
        Assert.Equal(wellFormed, LiveSubject.IsWellFormed(text));

    [Fact]
    public void APageStreamAsksForItsTopicsAndItsObjectsEvents() =>
        Assert.Equal("/live?topic=pods&topic=workloads&topic=events&about=Deployment%2Fshop%2Fweb",
            LiveSubject.EventsStream("Deployment/shop/web", "pods", "workloads"));
}
