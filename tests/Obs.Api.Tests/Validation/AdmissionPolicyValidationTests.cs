using System.Text.Json.Nodes;
using Obs.Api.Defaults;
using Obs.Api.Resources;
using Obs.Api.Validation;

namespace Obs.Api.Tests.Validation;

public class AdmissionPolicyValidationTests
{
    private static IReadOnlyList<string> Errors(ResourceType type, string json)
    {
        var obj = (JsonObject)JsonNode.Parse(json)!;
        ObjectDefaulter.Apply(type, obj);
        return ObjectValidator.ValidateCreate(type, obj).Select(e => e.Message).ToList();
    }

    private static IReadOnlyList<string> Policy(string spec) => Errors(ResourceTypes.ValidatingAdmissionPolicy,
        $$"""{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"p.example.com"},"spec":{{spec}}}""");

    private static IReadOnlyList<string> Binding(string spec) => Errors(ResourceTypes.ValidatingAdmissionPolicyBinding,
        $$"""{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicyBinding","metadata":{"name":"b"},"spec":{{spec}}}""");

    private const string Match = """ "matchConstraints":{"resourceRules":[{"apiGroups":[""],"apiVersions":["v1"],"operations":["CREATE"],"resources":["pods"]}]}""";

    [Fact]
    public void AValidPolicyHasNoErrorsAndIsDefaulted()
    {
        Assert.Empty(Policy($$"""
            {{{Match}},"paramKind":{"apiVersion":"v1","kind":"ConfigMap"},
            "variables":[{"name":"n","expression":"object.metadata.name"}],
            "matchConditions":[{"name":"c","expression":"request.operation == 'CREATE'"}],
            "validations":[{"expression":"variables.n != params.data.forbidden","messageExpression":"'no ' + variables.n","reason":"Forbidden"},
              {"expression":"authorizer.group('').resource('pods').check('create').allowed()"}],
            "auditAnnotations":[{"key":"name","valueExpression":"variables.n"}]}
            """));
    }

    [Fact]
    public void ExpressionsThatDoNotCompileAreNamedByField()
    {
        var errors = Policy($$"""
            {{{Match}},"validations":[{"expression":"object.metadata.name =="},{"expression":"variables.missing"},
            {"expression":"true","messageExpression":"1 +"}],"matchConditions":[{"name":"c","expression":"object."}]}
            """);

        Assert.Contains(errors, e => e.StartsWith("spec.validations[0].expression: Invalid value: \"object.metadata.name ==\": compilation failed: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.validations[1].expression: Invalid value: \"variables.missing\": compilation failed: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.validations[2].messageExpression: Invalid value: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.matchConditions[0].expression: Invalid value: ", StringComparison.Ordinal));
    }

    [Fact]
    public void RequiredPartsAndKnownValuesAreChecked()
    {
        var errors = Policy("""{"failurePolicy":"Sometimes","validations":[{"expression":"true","reason":"Teapot","message":"two\nlines"}],"variables":[{"name":"1x","expression":"1"}]}""");

        Assert.Contains("spec.matchConstraints: Required value", errors);
        Assert.Contains(errors, e => e.StartsWith("spec.failurePolicy: Unsupported value: \"Sometimes\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.validations[0].reason: Unsupported value: \"Teapot\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.validations[0].message: Invalid value: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.variables[0].name: Invalid value: \"1x\"", StringComparison.Ordinal));
        Assert.Contains("spec.validations: Required value: validations or auditAnnotations must contain at least one item", Policy($$"""{{{Match}}}"""));
    }

    [Fact]
    public void BindingsNeedAPolicyActionsAndAParamRefWithNameOrSelector()
    {
        Assert.Empty(Binding("""{"policyName":"p","validationActions":["Warn","Audit"],"paramRef":{"name":"limits","namespace":"default"}}"""));
        var errors = Binding("""{"validationActions":["Deny","Warn","Deny","Shout"],"paramRef":{"name":"x","selector":{}}}""");

        Assert.Contains("spec.policyName: Required value", errors);
        Assert.Contains(errors, e => e.StartsWith("spec.validationActions: Invalid value: ", StringComparison.Ordinal) && e.Contains("must not contain both Deny and Warn"));
        Assert.Contains("spec.validationActions[2]: Duplicate value: \"Deny\"", errors);
        Assert.Contains(errors, e => e.StartsWith("spec.validationActions[3]: Unsupported value: \"Shout\"", StringComparison.Ordinal));
        Assert.Contains("spec.paramRef.name: Forbidden: name and selector are mutually exclusive", errors);
        Assert.Contains("spec.validationActions: Required value: at least one validation action is required", Binding("""{"policyName":"p"}"""));
    }
}
