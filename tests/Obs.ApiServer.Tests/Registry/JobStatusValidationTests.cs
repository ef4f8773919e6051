using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Registry;

/// <summary>A Job's /status as the job controller writes it: a bad one is a 422 Status naming the field.</summary>
public sealed class JobStatusValidationTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string Jobs = "/apis/batch/v1/namespaces/default/jobs";

    private static string Job(string name, string? status = null)
    {
        var job = (JsonObject)JsonNode.Parse("""
            {"apiVersion": "batch/v1", "kind": "Job", "metadata": {},
             "spec": {"completions": 3, "completionMode": "Indexed",
               "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}}}}
            """)!;
        job["metadata"]!["name"] = name;
        if (status is not null) job["status"] = JsonNode.Parse(status);
        return job.ToJsonString();
    }

    [Fact]
    public async Task AUidInBothUncountedListsIsRejectedNamingIt()
    {
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, Jobs, Job("status-twice"))).Code);
        var (code, status) = await cluster.SendAsync(HttpMethod.Put, $"{Jobs}/status-twice/status",
            Job("status-twice", """{"uncountedTerminatedPods": {"succeeded": ["u1"], "failed": ["u1"]}}"""));

        Assert.Equal(422, code);
        Assert.Equal("Status", status!["kind"]!.GetValue<string>());
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray());
        Assert.Equal("status.uncountedTerminatedPods.failed[0]", cause!["field"]!.GetValue<string>());
        Assert.Equal("FieldValueDuplicate", cause["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadCompletedIndexesAndNegativeCountersAreRejectedAndAGoodStatusStored()
    {
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, Jobs, Job("status-indexes"))).Code);
        var (code, status) = await cluster.SendAsync(HttpMethod.Put, $"{Jobs}/status-indexes/status",
            Job("status-indexes", """{"completedIndexes": "2,0", "failed": -1}"""));
        Assert.Equal(422, code);
        var fields = status!["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["status.completedIndexes", "status.failed"], fields);

        (code, status) = await cluster.SendAsync(HttpMethod.Put, $"{Jobs}/status-indexes/status",
            Job("status-indexes", """{"completedIndexes": "0,2", "succeeded": 2, "uncountedTerminatedPods": {"failed": ["u2"]}}"""));
        Assert.Equal(200, code);
        Assert.Equal("0,2", status!["status"]!["completedIndexes"]!.GetValue<string>());
    }
}
