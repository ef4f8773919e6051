using System.Text.Json.Nodes;
using Obs.ApiServer.Webhooks;

namespace Obs.ApiServer.Tests.Webhooks;

public class WebhookMatchConditionsTests
{
    private static readonly JsonObject Review = (JsonObject)JsonNode.Parse("""
        {"request":{"operation":"CREATE","userInfo":{"username":"alice"},"object":{"metadata":{"name":"web","labels":{"app":"web"}},"data":{}}}}
        """)!;

    private static WebhookMatchConditions Conditions(params string[] expressions) =>
        WebhookMatchConditions.From(new JsonArray([.. expressions.Select((e, i) => (JsonNode)new JsonObject { ["name"] = $"c{i}", ["expression"] = e })]));

    [Fact]
    public void EveryConditionMustHold()
    {
        Assert.True(WebhookMatchConditions.None.Match(Review));
        Assert.True(Conditions("request.operation == 'CREATE'", "object.metadata.labels.app == 'web'").Match(Review));
        Assert.False(Conditions("request.operation == 'CREATE'", "request.userInfo.username == 'bob'").Match(Review));
        // A DELETE's object is null: a condition can ask.
        Assert.True(Conditions("oldObject == null").Match(Review));
    }

    [Fact]
    public void AFalseConditionWinsOverOneThatFailedAndAFailureAloneIsThrown()
    {
        Assert.False(Conditions("object.data.missing == 'x'", "false").Match(Review));
        var failed = Assert.Throws<WebhookCallException>(() => Conditions("object.data.missing == 'x'", "true").Match(Review));
        Assert.StartsWith("failed evaluating match conditions: c0: ", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AConditionThisEvaluatorCannotRunHoldsSoTheWebhookDecides() =>
        Assert.True(Conditions("authorizer.group('').resource('pods').check('get').allowed()").Match(Review));
}
