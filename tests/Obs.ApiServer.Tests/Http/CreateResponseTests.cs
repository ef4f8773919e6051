using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// A create answers with the object as stored, its resourceVersion the revision it took: written from the stored bytes,
/// so byte for byte what a GET of it then answers from the watch cache, and what the object serialized would be.
/// </summary>
public sealed class CreateResponseTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task ACreateAnswersTheBytesAGetOfTheObjectAnswers()
    {
        var name = "created-" + Guid.NewGuid().ToString("N")[..8];
        // Labels, a non-ASCII annotation and characters the serializer escapes, in a pod that is defaulted and given managedFields.
        var pod = $$$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{{name}}}}","labels":{"app":"web"},"annotations":{"note":"café <b>&'\"q\""}},
             "spec":{"containers":[{"name":"app","image":"registry.k8s.io/pause:3.9","ports":[{"containerPort":80}],"resources":{"requests":{"cpu":"10m"}}}]}}
            """;

        var (createdCode, created) = await SendRawAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", pod);
        var (gotCode, got) = await SendRawAsync(HttpMethod.Get, $"/api/v1/namespaces/default/pods/{name}", null);

        Assert.True(createdCode == 201, created);
        Assert.True(gotCode == 200, got);
        Assert.Equal(got, created);
        var obj = JsonNode.Parse(created)!.AsObject();
        Assert.Equal(obj.ToJsonString(), created);
        Assert.Equal("resourceVersion", obj["metadata"]!.AsObject().Last().Key);
        Assert.Equal("Update", obj["metadata"]!["managedFields"]![0]!["operation"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACreateOfAnObjectLargerThanTheResponseBuffersAnswersItWhole()
    {
        var name = "large-" + Guid.NewGuid().ToString("N")[..8];
        var value = new string('x', 600_000);

        var (createdCode, created) = await SendRawAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"big":"{{{value}}}"}}""");
        var (gotCode, got) = await SendRawAsync(HttpMethod.Get, $"/api/v1/namespaces/default/configmaps/{name}", null);

        Assert.Equal(201, createdCode);
        Assert.Equal(200, gotCode);
        Assert.Equal(got, created);
        Assert.Equal(value, JsonNode.Parse(created)!["data"]!["big"]!.GetValue<string>());
    }

    [Fact]
    public async Task ADryRunCreateAnswersTheObjectWithoutARevision()
    {
        var (code, body) = await SendRawAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps?dryRun=All",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dry"},"data":{"a":"1"}}""");

        Assert.True(code == 201, body);
        var metadata = JsonNode.Parse(body)!["metadata"]!.AsObject();
        Assert.Equal("dry", metadata["name"]!.GetValue<string>());
        Assert.False(metadata.ContainsKey("resourceVersion"));
    }

    private async Task<(int Code, string Body)> SendRawAsync(HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        using var response = await cluster.Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
