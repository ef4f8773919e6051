using System.Text.Json.Nodes;
using Obs.Api.Defaults;
using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

/// <summary>Webhook configurations are checked as kube-apiserver checks them, after defaulting, with its messages and field paths.</summary>
public class WebhookConfigurationValidationTests
{
    private const string Rule = """{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}""";

    private static string Hook(string name = "pods.policy.example.com", string rules = $"[{Rule}]", string client = """{"url":"https://127.0.0.1:9443/validate"}""", string extra = ""","sideEffects":"None","admissionReviewVersions":["v1"]""") =>
        $$"""{"name":"{{name}}","clientConfig":{{client}},"rules":{{rules}}{{extra}}}""";

    private static IReadOnlyList<string> Validating(params string[] hooks) => Check(ResourceTypes.ValidatingWebhookConfiguration, hooks);

    private static IReadOnlyList<string> Check(ResourceType type, string[] hooks)
    {
        var obj = Obj($$"""{"metadata":{"name":"policy"},"webhooks":[{{string.Join(",", hooks)}}]}""");
        ObjectDefaulter.Apply(type, obj);
        return Messages(ObjectValidator.ValidateCreate(type, obj));
    }

    [Fact]
    public void AWellFormedConfigurationIsValidAndDefaulted()
    {
        var obj = Obj($$"""{"metadata":{"name":"policy"},"webhooks":[{{Hook(client: """{"service":{"namespace":"ops","name":"policy","path":"/mutate"}}""")}}]}""");
        ObjectDefaulter.Apply(ResourceTypes.MutatingWebhookConfiguration, obj);

        Assert.Empty(Messages(ObjectValidator.ValidateCreate(ResourceTypes.MutatingWebhookConfiguration, obj)));
        var hook = obj["webhooks"]![0]!;
        Assert.Equal("Fail", (string?)hook["failurePolicy"]);
        Assert.Equal("Equivalent", (string?)hook["matchPolicy"]);
        Assert.Equal(10, (long?)hook["timeoutSeconds"]);
        Assert.Equal("Never", (string?)hook["reinvocationPolicy"]);
        Assert.Equal("*", (string?)hook["rules"]![0]!["scope"]);
        Assert.Equal(443, (long?)hook["clientConfig"]!["service"]!["port"]);
        Assert.Equal("{}", hook["namespaceSelector"]!.ToJsonString());
    }

    [Fact]
    public void MatchConditionsMustBeCelThatCompilesAndAtMost64()
    {
        const string Base = ""","sideEffects":"None","admissionReviewVersions":["v1"]""";
        static string Conditions(params string[] expressions) =>
            ""","matchConditions":[""" + string.Join(",", expressions.Select((e, i) => $$"""{"name":"c{{i}}","expression":{{JsonValue.Create(e).ToJsonString()}}}""")) + "]";

        Assert.Empty(Validating(Hook(extra: Base + Conditions("object.metadata.name.startsWith('a')", "request.operation == 'CREATE'"))));
        Assert.Empty(Validating(Hook(extra: Base + Conditions("authorizer.group('').resource('pods').check('get').allowed()"))));
        // The authorizer library is checked as any other: a function it lacks does not compile.
        Assert.Single(Validating(Hook(extra: Base + Conditions("authorizer.group('').verb('get')"))));
        var broken = Validating(Hook(extra: Base + Conditions("object.metadata.name ==")));
        Assert.StartsWith("webhooks[0].matchConditions[0].expression: Invalid value: \"object.metadata.name ==\": compilation failed: ", Assert.Single(broken), StringComparison.Ordinal);
        Assert.Contains("webhooks[0].matchConditions: Too many: 65: must have at most 64 items",
            Validating(Hook(extra: Base + Conditions([.. Enumerable.Repeat("true", 65)]))));
    }

    [Fact]
    public void NamesMustBeFullyQualifiedAndUnique()
    {
        Assert.Equal(["webhooks[0].name: Invalid value: \"policy\": should be a domain with at least three segments separated by dots"], Validating(Hook(name: "policy")));
        Assert.Equal(["webhooks[1].name: Duplicate value: \"pods.policy.example.com\""], Validating(Hook(), Hook()));
        Assert.Equal(["webhooks[0].name: Required value"], Validating(Hook(name: "")));
    }

    [Fact]
    public void ClientConfigIsExactlyOneOfAnHttpsUrlAndAService()
    {
        Assert.Equal(["webhooks[0].clientConfig: Required value: exactly one of url or service is required"],
            Validating(Hook(client: """{"url":"https://a.example.com","service":{"namespace":"ops","name":"policy"}}""")));
        Assert.Equal(["webhooks[0].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path]"],
            Validating(Hook(client: """{"url":"http://a.example.com/x"}""")));
        Assert.Equal(["webhooks[0].clientConfig.url: Invalid value: \"a=b\": query parameters are not permitted in the URL"],
            Validating(Hook(client: """{"url":"https://a.example.com/x?a=b"}""")));
        Assert.Equal(["webhooks[0].clientConfig.url: Invalid value: \"me\": user information is not permitted in the URL"],
            Validating(Hook(client: """{"url":"https://me@a.example.com/x"}""")));
        Assert.Equal(["webhooks[0].clientConfig.url: Invalid value: \"f\": fragments are not permitted in the URL"],
            Validating(Hook(client: """{"url":"https://a.example.com/x#f"}""")));
        Assert.Equal(["webhooks[0].clientConfig.service.namespace: Required value: service namespace is required", "webhooks[0].clientConfig.service.port: Invalid value: 70000: port is not valid: must be between 1 and 65535, inclusive"],
            Validating(Hook(client: """{"service":{"name":"policy","port":70000}}""")));
    }

    [Fact]
    public void SideEffectsAndReviewVersionsAreRequiredInV1()
    {
        Assert.Equal(["webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun", "webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1"],
            Validating(Hook(extra: "")));
        Assert.Equal(["webhooks[0].sideEffects: Unsupported value: \"Some\": supported values: \"None\", \"NoneOnDryRun\""],
            Validating(Hook(extra: ""","sideEffects":"Some","admissionReviewVersions":["v1"]""")));
        Assert.Equal(["webhooks[0].admissionReviewVersions: Invalid value: [\"v2\"]: must include at least one of v1, v1beta1"],
            Validating(Hook(extra: ""","sideEffects":"None","admissionReviewVersions":["v2"]""")));
    }

    [Fact]
    public void PoliciesAndTimeoutAreOfTheirFixedSets()
    {
        Assert.Equal([
                "webhooks[0].failurePolicy: Unsupported value: \"Maybe\": supported values: \"Fail\", \"Ignore\"",
                "webhooks[0].matchPolicy: Unsupported value: \"Loose\": supported values: \"Equivalent\", \"Exact\"",
                "webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds",
            ],
            Validating(Hook(extra: ""","sideEffects":"None","admissionReviewVersions":["v1"],"failurePolicy":"Maybe","matchPolicy":"Loose","timeoutSeconds":31""")));
        Assert.Equal(["webhooks[0].reinvocationPolicy: Unsupported value: \"Always\": supported values: \"IfNeeded\", \"Never\""],
            Check(ResourceTypes.MutatingWebhookConfiguration, [Hook(extra: ""","sideEffects":"None","admissionReviewVersions":["v1"],"reinvocationPolicy":"Always" """)]));
    }

    [Fact]
    public void RulesNameOperationsGroupsVersionsAndResourcesWithSubresources()
    {
        Assert.Empty(Validating(Hook(rules: """[{"operations":["*"],"apiGroups":["*"],"apiVersions":["*"],"resources":["pods/*","*/scale","deployments"],"scope":"Namespaced"}]""")));
        Assert.Equal([
                "webhooks[0].rules[0].operations[0]: Unsupported value: \"PATCH\": supported values: \"*\", \"CONNECT\", \"CREATE\", \"DELETE\", \"UPDATE\"",
                "webhooks[0].rules[0].apiGroups: Required value",
                "webhooks[0].rules[0].resources[1]: Invalid value: \"pods/status\": if 'pods/*' is present, must not specify pods/status",
                "webhooks[0].rules[0].scope: Unsupported value: \"Everywhere\": supported values: \"*\", \"Cluster\", \"Namespaced\"",
            ],
            Validating(Hook(rules: """[{"operations":["PATCH"],"apiGroups":[],"apiVersions":["v1"],"resources":["pods/*","pods/status"],"scope":"Everywhere"}]""")));
        Assert.Equal(["webhooks[0].rules[0].resources: Invalid value: [\"*\",\"pods\"]: if '*' is present, must not specify other resources without subresources"],
            Validating(Hook(rules: """[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["*","pods"]}]""")));
    }

    [Fact]
    public void SelectorsAreCheckedAsLabelSelectors()
    {
        Assert.Contains("webhooks[0].namespaceSelector.matchExpressions[0].operator: Invalid value: \"Maybe\": not a valid selector operator",
            Validating(Hook(extra: ""","sideEffects":"None","admissionReviewVersions":["v1"],"namespaceSelector":{"matchExpressions":[{"key":"a","operator":"Maybe"}]}""")));
    }

    [Fact]
    public void AnUpdateKeepsSideEffectsSomeThatWereAlreadyStored()
    {
        var old = Obj($$"""{"metadata":{"name":"policy"},"webhooks":[{{Hook(extra: ""","sideEffects":"Some","admissionReviewVersions":["v1"]""")}}]}""");
        var updated = old.DeepClone().AsObject();
        updated["webhooks"]![0]!["timeoutSeconds"] = 5;

        Assert.Empty(Messages(ObjectValidator.ValidateUpdate(ResourceTypes.ValidatingWebhookConfiguration, updated, old)));
    }
}
