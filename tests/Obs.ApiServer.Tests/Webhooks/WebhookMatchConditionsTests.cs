using System.Text.Json.Nodes;
using Obs.Api.Cel;
using Obs.ApiServer.Webhooks;

namespace Obs.ApiServer.Tests.Webhooks;

public class WebhookMatchConditionsTests
{
    private static readonly JsonObject Review = (JsonObject)JsonNode.Parse("""
        {"request":{"operation":"CREATE","userInfo":{"username":"alice"},"object":{"metadata":{"name":"web","labels":{"app":"web"}},"data":{}}}}
        """)!;

    /// <summary>An authorizer that allows getting pods and nothing else (the cluster tests answer from real RBAC bindings).</summary>
    private static CelAuthorizer Authorizer() =>
        new(check => new CelAuthorizationDecision(check is { Resource: "pods", Verb: "get" }, ""), (_, _) => Authorizer());

    private static WebhookMatchConditions Conditions(params string[] expressions) =>
        WebhookMatchConditions.From(new JsonArray([.. expressions.Select((e, i) => (JsonNode)new JsonObject { ["name"] = $"c{i}", ["expression"] = e })]));

    [Fact]
    public void EveryConditionMustHold()
    {
        Assert.True(WebhookMatchConditions.None.Match(Review, Authorizer));
        Assert.True(Conditions("request.operation == 'CREATE'", "object.metadata.labels.app == 'web'").Match(Review, Authorizer));
        Assert.False(Conditions("request.operation == 'CREATE'", "request.userInfo.username == 'bob'").Match(Review, Authorizer));
        // A DELETE's object is null: a condition can ask.
        Assert.True(Conditions("oldObject == null").Match(Review, Authorizer));
    }

    [Fact]
    public void AFalseConditionWinsOverOneThatFailedAndAFailureAloneIsThrown()
    {
        Assert.False(Conditions("object.data.missing == 'x'", "false").Match(Review, Authorizer));
        var failed = Assert.Throws<WebhookCallException>(() => Conditions("object.data.missing == 'x'", "true").Match(Review, Authorizer));
        Assert.StartsWith("failed evaluating match conditions: c0: ", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthorizerConditionsAreAnsweredByTheAuthorizer()
    {
        Assert.True(Conditions("authorizer.group('').resource('pods').check('get').allowed()").Match(Review, Authorizer));
        Assert.False(Conditions("authorizer.group('').resource('pods').namespace('default').check('delete').allowed()").Match(Review, Authorizer));
    }
}
