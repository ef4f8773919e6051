using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// The watch cache holds managedFields' field sets apart from each object's bytes: every read served from it (GET,
/// LIST, watch events, Table rows with their object or metadata) still carries them byte for byte as the write stored
/// them, and what reads them to change the object (binding, server-side apply) still sees them.
/// </summary>
public sealed class ManagedFieldsServingTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    private static string Name() => "mf-" + Guid.NewGuid().ToString("N")[..8];

    private static string PodPath(string name) => $"/api/v1/namespaces/default/pods/{name}";

    private static string Pod(string name, string image) => $$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","labels":{"app":"web"},
         "annotations":{"note":"a \"quoted\" caf\u00e9 \\ back"}},
         "spec":{"containers":[{"name":"web","image":"{{{image}}}","ports":[{"containerPort":8080,"protocol":"TCP"}]}]}}
        """;

    private async Task<(int Code, string Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType));
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await cluster.Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> OkAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        var (code, text) = await SendAsync(method, path, body, contentType, accept);
        Assert.True(code is 200 or 201, $"{method} {path}: {code} {text}");
        return text;
    }

    /// <summary>A pod applied by one manager whose status another wrote through its subresource; returns that last write's response.</summary>
    private async Task<string> PodOfTwoManagersAsync(string name)
    {
        await OkAsync(HttpMethod.Patch, PodPath(name) + "?fieldManager=applier", Pod(name, "nginx"), "application/apply-patch+yaml");
        return await OkAsync(HttpMethod.Patch, PodPath(name) + "/status?fieldManager=agent",
            """{"status":{"conditions":[{"type":"Ready","status":"False","message":"not \"yet\" pr\u00eat"}]}}""", "application/merge-patch+json");
    }

    private static string Raw(string json, Func<JsonElement, JsonElement> at)
    {
        using var document = JsonDocument.Parse(json);
        return at(document.RootElement).GetRawText();
    }

    private async Task<string> FirstEventObjectAsync(string path, string? accept = null)
    {
        await using var watch = await WatchReader.OpenAsync(cluster.Client, path, accept);
        var line = await watch.NextLineAsync();
        Assert.NotNull(line);
        return Raw(line, e => e.GetProperty("object"));
    }

    [Fact]
    public async Task EveryReadFromTheCacheCarriesTheManagedFieldsAsTheLastWriteStoredThem()
    {
        var name = Name();
        var written = await PodOfTwoManagersAsync(name);
        var byName = $"fieldSelector=metadata.name%3D{name}";

        var got = await OkAsync(HttpMethod.Get, PodPath(name));
        Assert.Equal(written, got);
        var entries = JsonNode.Parse(got)!["metadata"]!["managedFields"]!.AsArray();
        Assert.Equal(["applier", "agent"], entries.Select(e => e!["manager"]!.GetValue<string>()));
        Assert.Equal("status", entries[1]!["subresource"]!.GetValue<string>());
        Assert.NotNull(entries[0]!["fieldsV1"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"web\"}"]!["f:ports"]!["k:{\"containerPort\":8080,\"protocol\":\"TCP\"}"]);
        Assert.NotNull(entries[1]!["fieldsV1"]!["f:status"]!["f:conditions"]!["k:{\"type\":\"Ready\"}"]);

        var list = await OkAsync(HttpMethod.Get, $"/api/v1/namespaces/default/pods?{byName}");
        Assert.Equal(got, Raw(list, l => l.GetProperty("items")[0]));
        Assert.Equal(got, await FirstEventObjectAsync($"/api/v1/namespaces/default/pods?watch=true&resourceVersion=0&{byName}"));
        Assert.Equal(got, await FirstEventObjectAsync(
            $"/api/v1/namespaces/default/pods?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&{byName}"));
        var metadata = Raw(got, o => o.GetProperty("metadata"));
        var tableObject = await OkAsync(HttpMethod.Get, PodPath(name) + "?includeObject=Object", accept: TableAccept);
        Assert.Equal(got, Raw(tableObject, t => t.GetProperty("rows")[0].GetProperty("object")));
        var tableList = await OkAsync(HttpMethod.Get, $"/api/v1/namespaces/default/pods?{byName}", accept: TableAccept);
        Assert.Equal(metadata, Raw(tableList, t => t.GetProperty("rows")[0].GetProperty("object").GetProperty("metadata")));
        Assert.Equal(metadata, Raw(
            await FirstEventObjectAsync($"/api/v1/namespaces/default/pods?watch=true&resourceVersion=0&{byName}", TableAccept),
            t => t.GetProperty("rows")[0].GetProperty("object").GetProperty("metadata")));
    }

    [Fact]
    public async Task AWatchReplayingAChangeFromTheCachesHistoryCarriesTheManagedFields()
    {
        var name = Name();
        var applied = await OkAsync(HttpMethod.Patch, PodPath(name) + "?fieldManager=applier", Pod(name, "nginx"), "application/apply-patch+yaml");
        var from = JsonNode.Parse(applied)!["metadata"]!["resourceVersion"]!.GetValue<string>();
        var written = await OkAsync(HttpMethod.Patch, PodPath(name) + "/status?fieldManager=agent",
            """{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""", "application/merge-patch+json");

        Assert.Equal(written, await FirstEventObjectAsync($"/api/v1/namespaces/default/pods?watch=true&resourceVersion={from}&fieldSelector=metadata.name%3D{name}"));
    }

    [Fact]
    public async Task BindingAPodFromTheCacheKeepsTheFieldSetsOfTheManagersBeforeIt()
    {
        var name = Name();
        await PodOfTwoManagersAsync(name);
        var before = JsonNode.Parse(await OkAsync(HttpMethod.Get, PodPath(name)))!["metadata"]!["managedFields"]!.AsArray();

        await OkAsync(HttpMethod.Post, PodPath(name) + "/binding?fieldManager=binder",
            $$$"""{"apiVersion":"v1","kind":"Binding","metadata":{"name":"{{{name}}}"},"target":{"apiVersion":"v1","kind":"Node","name":"node-1"}}""");

        var after = JsonNode.Parse(await OkAsync(HttpMethod.Get, PodPath(name)))!["metadata"]!["managedFields"]!.AsArray();
        Assert.Equal(3, after.Count);
        Assert.Equal(before[0]!.ToJsonString(), after[0]!.ToJsonString());
        Assert.Equal(before[1]!.ToJsonString(), after[1]!.ToJsonString());
        Assert.Equal(("binder", "binding"), (after[2]!["manager"]!.GetValue<string>(), after[2]!["subresource"]!.GetValue<string>()));
    }

    [Fact]
    public async Task KubectlShowsTheManagedFieldsWhenAskedAndServerSideApplyStillFindsTheirOwner()
    {
        var name = Name();
        await PodOfTwoManagersAsync(name);

        var shown = await cluster.KubectlOkAsync("get", "pod", name, "-o", "yaml", "--show-managed-fields");
        var hidden = await cluster.KubectlOkAsync("get", "pod", name, "-o", "yaml");
        var conflict = await cluster.KubectlWithInputAsync(Pod(name, "busybox"), "apply", "--server-side", "--field-manager=other", "-f", "-");

        Assert.Contains("manager: applier", shown);
        Assert.Contains("manager: agent", shown);
        Assert.Contains("subresource: status", shown);
        Assert.Contains("k:{\"containerPort\":8080,\"protocol\":\"TCP\"}", shown);
        Assert.DoesNotContain("managedFields", hidden);
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("conflict", conflict.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("applier", conflict.ToString());
    }
}
