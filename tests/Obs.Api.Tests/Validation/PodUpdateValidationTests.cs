using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class PodUpdateValidationTests
{
    private static IReadOnlyList<string> Update(JsonObject now, JsonObject old) => Messages(ObjectValidator.ValidateUpdate(ResourceTypes.Pod, now, old));

    [Fact]
    public void ImageMayChange()
    {
        var now = Pod();
        now["spec"]!["containers"]![0]!["image"] = "nginx:2";
        Assert.Empty(Update(now, Pod()));
    }

    [Fact]
    public void OtherSpecChangesAreForbidden()
    {
        var now = Pod();
        now["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"] = 81;
        var message = Assert.Single(Update(now, Pod()));
        Assert.StartsWith("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,", message);
        Assert.EndsWith("(allow it to be set to 1 if it was previously negative)\nchanged: spec.containers[0].ports[0].containerPort", message);
    }

    [Fact]
    public void ContainersMayNotBeAddedOrRemoved()
    {
        var now = Pod();
        ((JsonArray)now["spec"]!["containers"]!).Add(JsonNode.Parse("""{"name":"b","image":"x"}"""));
        Assert.Equal(["spec.containers: Forbidden: pod updates may not add or remove containers"], Update(now, Pod()));
    }

    [Fact]
    public void ActiveDeadlineMayOnlyShrink()
    {
        var old = Pod();
        old["spec"]!["activeDeadlineSeconds"] = 10;
        var now = Pod();
        now["spec"]!["activeDeadlineSeconds"] = 20;
        Assert.Equal(["spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value"], Update(now, old));
        now["spec"]!["activeDeadlineSeconds"] = 5;
        Assert.Empty(Update(now, old));
    }

    [Fact]
    public void TolerationsMayOnlyBeAdded()
    {
        var old = Pod();
        old["spec"]!["tolerations"] = JsonNode.Parse("""[{"key":"a","operator":"Exists","effect":"NoExecute","tolerationSeconds":10}]""");
        var now = Pod();
        now["spec"]!["tolerations"] = JsonNode.Parse("""[{"key":"a","operator":"Exists","effect":"NoExecute","tolerationSeconds":5},{"key":"b","operator":"Exists"}]""");
        Assert.Empty(Update(now, old));
        now["spec"]!["tolerations"] = JsonNode.Parse("""[{"key":"b","operator":"Exists"}]""");
        Assert.Equal(["spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"], Update(now, old));
    }
}
