using Obs.Api.Resources;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// Field selectors on a LIST and a WATCH, as Kubernetes serves them: <c>metadata.name</c> and
/// <c>metadata.namespace</c> on every resource, the pod and event fields kubectl and controllers use, and a
/// 400 naming an unsupported field in the words of the kind's field-label conversion.
/// </summary>
public sealed class FieldSelectorListTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    public static TheoryData<string> Resources()
    {
        var data = new TheoryData<string>();
        foreach (var type in ResourceTypes.All) data.Add(type.GroupResource);
        return data;
    }

    private static string CollectionPath(ResourceType type)
    {
        var root = type.Group.Length == 0 ? "/api/v1" : $"/apis/{type.Group}/{type.Version}";
        return type.Namespaced ? $"{root}/namespaces/default/{type.Plural}" : $"{root}/{type.Plural}";
    }

    /// <summary>The message of Kubernetes' field-label conversion for the kind: core/v1's own, batch/v1 Job's, or the default one.</summary>
    private static string UnsupportedMessage(ResourceType type, string field)
    {
        if (type == ResourceTypes.Job) return $"field label \"{field}\" not supported for batchv1.Job";
        if (type.Group.Length == 0 && type.Kind is "Pod" or "Event" or "Node" or "Namespace" or "Secret" or "Service")
            return "field label not supported: " + field;
        return $"\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"";
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task EveryResourceSelectsByNameAndNamespaceAndRefusesAnUnknownField(string resource)
    {
        var type = ResourceTypes.All.Single(t => t.GroupResource == resource);
        var path = CollectionPath(type);

        var (byName, named) = await cluster.SendAsync(HttpMethod.Get, path + "?fieldSelector=metadata.name%3Dno-such-object");
        Assert.Equal(200, byName);
        Assert.Empty(named!["items"]!.AsArray());
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Get, path + "?fieldSelector=metadata.namespace%3Ddefault")).Code);

        var (unknown, status) = await cluster.SendAsync(HttpMethod.Get, path + "?fieldSelector=no.such%3D1");
        Assert.Equal(400, unknown);
        Assert.Equal("BadRequest", status!["reason"]!.GetValue<string>());
        Assert.Equal(UnsupportedMessage(type, "no.such"), status["message"]!.GetValue<string>());

        // A watch checks its selector before it opens.
        var (watch, refused) = await cluster.SendAsync(HttpMethod.Get, path + "?watch=true&fieldSelector=no.such%3D1");
        Assert.Equal(400, watch);
        Assert.Equal(UnsupportedMessage(type, "no.such"), refused!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task PodsSelectByNodeAndPhase()
    {
        var pod = """{"metadata":{"name":"fs-pod"},"spec":{"nodeName":"fs-node","containers":[{"name":"c","image":"busybox"}]}}""";
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", pod)).Code);
        const string pods = "/api/v1/namespaces/default/pods?fieldSelector=";

        Assert.Equal(["fs-pod"], await NamesAsync(pods + "spec.nodeName%3Dfs-node"));
        Assert.Empty(await NamesAsync(pods + "spec.nodeName%3Dother-node"));
        Assert.Equal(["fs-pod"], await NamesAsync(pods + "spec.nodeName%3Dfs-node%2Cstatus.phase%3DPending"));
        Assert.Empty(await NamesAsync(pods + "spec.nodeName%3Dfs-node%2Cstatus.phase%21%3DPending"));
    }

    [Fact]
    public async Task EventsSelectByTheirInvolvedObject()
    {
        var ev = """{"metadata":{"name":"fs-event"},"involvedObject":{"kind":"Pod","name":"fs-target","namespace":"default","uid":"fs-uid"},"reason":"Tested","message":"m","type":"Normal"}""";
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/events", ev)).Code);
        const string events = "/api/v1/namespaces/default/events?fieldSelector=";

        // What kubectl describe asks for.
        Assert.Equal(["fs-event"], await NamesAsync(events + "involvedObject.name%3Dfs-target%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3Dfs-uid"));
        Assert.Equal(["fs-event"], await NamesAsync(events + "involvedObject.kind%3DPod%2CinvolvedObject.name%3Dfs-target"));
        Assert.Empty(await NamesAsync(events + "involvedObject.kind%3DNode%2CinvolvedObject.name%3Dfs-target"));
    }

    private async Task<List<string>> NamesAsync(string path)
    {
        var (code, list) = await cluster.SendAsync(HttpMethod.Get, path);
        Assert.Equal(200, code);
        return list!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList();
    }
}
