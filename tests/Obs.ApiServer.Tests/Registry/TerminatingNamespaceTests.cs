using Obs.Testing;

namespace Obs.ApiServer.Tests.Registry;

/// <summary>
/// Nothing new is created in a namespace being deleted, as kube-apiserver refuses it: the check reads the
/// namespace's deletionTimestamp in place from the watch cache's bytes, or from PostgreSQL for a namespace just
/// asked to be deleted (NamespaceLiveLookup).
/// </summary>
public sealed class TerminatingNamespaceTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private Task<(int Code, System.Text.Json.Nodes.JsonNode? Body)> CreateConfigMapAsync(string ns, string name) =>
        cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"}}""");

    [Fact]
    public async Task CreatingInATerminatingNamespaceIsForbiddenAndInALiveOneAllowed()
    {
        // Its finalizer keeps it, terminating, until the namespace controller (not running here) empties it.
        var (created, _) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces",
            """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"going","finalizers":["example.com/hold"]}}""");
        Assert.Equal(201, created);
        Assert.Equal(201, (await CreateConfigMapAsync("going", "before")).Code);

        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/going")).Code);
        // Sent right after the DELETE's answer, before the watch cache need have the deletion (a full run once
        // saw a 201 here): a namespace this apiserver was asked to delete is looked up in PostgreSQL.
        var (code, status) = await CreateConfigMapAsync("going", "after");

        Assert.Equal(403, code);
        Assert.Contains("unable to create new content in namespace going because it is being terminated", status!["message"]!.GetValue<string>());
    }
}
