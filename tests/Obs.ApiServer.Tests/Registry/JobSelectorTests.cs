using System.Text.Json.Nodes;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.Tests.Registry;

public sealed class JobSelectorTests
{
    [Fact]
    public void TheSelectorIsTheJobsUidAndItsTemplateCarriesIt()
    {
        var job = JsonNode.Parse("""{"metadata":{"name":"j","uid":"u-1"},"spec":{"template":{"spec":{}}}}""")!.AsObject();
        JobSelector.Generate(job);
        Assert.Equal("u-1", job["spec"]!["selector"]!["matchLabels"]![JobSelector.ControllerUid]!.GetValue<string>());
        var labels = job["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        Assert.Equal("u-1", labels[JobSelector.ControllerUid]!.GetValue<string>());
        Assert.Equal("j", labels[JobSelector.JobName]!.GetValue<string>());
        Assert.Equal("j", labels["job-name"]!.GetValue<string>());
    }

    [Fact]
    public void AManualSelectorIsLeftAlone()
    {
        var job = JsonNode.Parse("""{"metadata":{"name":"j","uid":"u"},"spec":{"manualSelector":true,"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}}}}}""")!.AsObject();
        JobSelector.Generate(job);
        Assert.Equal("""{"matchLabels":{"a":"b"}}""", job["spec"]!["selector"]!.ToJsonString());
        Assert.Single(job["spec"]!["template"]!["metadata"]!["labels"]!.AsObject());
    }
}
