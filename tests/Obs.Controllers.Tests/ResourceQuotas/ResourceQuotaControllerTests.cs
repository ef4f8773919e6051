using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Controllers.ResourceQuotas;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.ResourceQuotas;

/// <summary>One sync of a quota over listers filled by hand; the status the controller wrote, if any.</summary>
public sealed class ResourceQuotaControllerTests
{
    private readonly RecordingObjectControl _control = new();

    private static JsonObject Obj(string json) => (JsonObject)JsonNode.Parse(json)!;

    private static JsonObject Quota(string spec, string status = "{}") =>
        Obj($$$"""{"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q","namespace":"ns","resourceVersion":"5"},"spec":{{{spec}}},"status":{{{status}}}}""");

    private static JsonObject Pod(string name, string phase = "Running", string cpu = "100m", string ns = "ns") =>
        Obj("""{"metadata":{"name":"NAME","namespace":"NS"},"spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":"CPU"},"limits":{"cpu":"CPU"}}}]},"status":{"phase":"PHASE"}}"""
            .Replace("NAME", name).Replace("NS", ns).Replace("CPU", cpu).Replace("PHASE", phase));

    private async Task<JsonNode?> SyncAsync(JsonObject quota, params JsonObject[] pods)
    {
        var objects = new Dictionary<string, Lister>
        {
            ["pods"] = Stores.New(pods).Lister,
            ["services"] = Stores.New(Obj("""{"metadata":{"name":"web","namespace":"ns"},"spec":{"type":"NodePort","ports":[{"port":80}]}}""")).Lister,
        };
        var controller = new ResourceQuotaController(Stores.New(quota).Lister, objects, _control, NullLogger.Instance, new ManualTime());
        await controller.SyncAsync("ns/q", CancellationToken.None);
        return _control.Of("status", ResourceTypes.ResourceQuota).SingleOrDefault()?["status"];
    }

    [Fact]
    public async Task StatusGetsTheHardLimitsAndWhatRunningPodsOfTheNamespaceUse()
    {
        var status = await SyncAsync(Quota("""{"hard":{"pods":"5","requests.cpu":"2","count/pods":"10","services.nodeports":"3","secrets":"4"}}"""),
            Pod("a"), Pod("b", cpu: "250m"), Pod("done", "Succeeded"), Pod("failed", "Failed"), Pod("elsewhere", ns: "other"));

        Assert.Equal("""
            {"hard":{"pods":"5","requests.cpu":"2","count/pods":"10","services.nodeports":"3","secrets":"4"},"used":{"count/pods":"4","pods":"2","requests.cpu":"350m","secrets":"0","services.nodeports":"1"}}
            """.Trim(), status!.ToJsonString());
    }

    [Fact]
    public async Task AQuotaAlreadyRightIsNotWritten()
    {
        Assert.Null(await SyncAsync(Quota("""{"hard":{"pods":"5"}}""", """{"hard":{"pods":"5"},"used":{"pods":"1"}}"""), Pod("a")));
    }

    [Fact]
    public async Task AScopedQuotaCountsOnlyThePodsItSelects()
    {
        var terminating = Pod("batch");
        terminating["spec"]!["activeDeadlineSeconds"] = 60;

        var status = await SyncAsync(Quota("""{"hard":{"pods":"5"},"scopes":["Terminating"]}"""), Pod("a"), terminating);

        Assert.Equal("1", status!["used"]!["pods"]!.GetValue<string>());
    }
}
