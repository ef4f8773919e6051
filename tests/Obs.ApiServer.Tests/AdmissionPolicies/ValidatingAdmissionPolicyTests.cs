using System.Text.Json.Nodes;
using Obs.Testing;
using static Obs.ApiServer.Tests.AdmissionPolicies.AdmissionPolicyFixture;

namespace Obs.ApiServer.Tests.AdmissionPolicies;

/// <summary>
/// ValidatingAdmissionPolicies over a real apiserver with the real kubectl: refusals in kube-apiserver's words and codes,
/// Warn bindings, parameters, match conditions and selectors, variables, the RBAC-backed authorizer, failurePolicy, and
/// policies refused when written.
/// </summary>
public sealed class ValidatingAdmissionPolicyTests(AdmissionPolicyFixture fixture) : IClassFixture<AdmissionPolicyFixture>
{
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task APolicyDeniesWithItsMessageOrMessageExpressionAndTheReasonsCode()
    {
        await fixture.NamespaceAsync("vap-deny");
        await fixture.InstallAsync("vap-deny", ConfigMapPolicy("deny.vap.example.com", "vap-deny", """
            validations:
            - expression: "!has(object.data) || object.data.size() <= 2"
              message: at most two keys
            - expression: "object.metadata.name != 'reserved'"
              messageExpression: "'the name ' + object.metadata.name + ' is reserved'"
              reason: Forbidden
            """) + "\n---\n" + Binding("deny-binding", "deny.vap.example.com"), "deny-binding");

        // kubectl apply prints a refusal as kube-apiserver's Invalid Status reads; kubectl create wraps it in words of its own.
        var big = await Cluster.KubectlAsync("apply", "-f", Cluster.Manifest("vap-big.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: big
              namespace: vap-deny
            data: {a: "1", b: "2", c: "3"}
            """));
        var reserved = await Cluster.KubectlAsync("create", "configmap", "reserved", "-n", "vap-deny");
        await Cluster.KubectlOkAsync("create", "configmap", "small", "-n", "vap-deny", "--from-literal=a=1");

        Assert.Contains("The configmaps \"big\" is invalid: : ValidatingAdmissionPolicy 'deny.vap.example.com' with binding 'deny-binding' denied request: at most two keys", big.StdErr);
        Assert.Contains("configmaps \"reserved\" is forbidden: ValidatingAdmissionPolicy 'deny.vap.example.com' with binding 'deny-binding' denied request: the name reserved is reserved", reserved.StdErr);
        var (code, status) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/vap-deny/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big2"},"data":{"a":"1","b":"2","c":"3"}}""");
        Assert.Equal(422, code);
        Assert.Equal("Invalid", (string?)status!["reason"]);

        var table = await Cluster.KubectlOkAsync("get", "validatingadmissionpolicies", "deny.vap.example.com");
        Assert.Matches(@"NAME\s+VALIDATIONS\s+PARAMKIND\s+AGE", table);
        Assert.Matches(@"deny\.vap\.example\.com\s+2\s+<unset>\s+\S+", table);
        var policy = JsonNode.Parse(await Cluster.KubectlOkAsync("get", "validatingadmissionpolicy", "deny.vap.example.com", "-o", "json"))!;
        Assert.Equal(1, (long)policy["status"]!["observedGeneration"]!);
        Assert.NotNull(policy["status"]!["typeChecking"]);
        Assert.Equal("Fail", (string?)policy["spec"]!["failurePolicy"]);
    }

    [Fact]
    public async Task AWarnBindingLetsTheWriteThroughWithAWarningKubectlPrints()
    {
        await fixture.NamespaceAsync("vap-warn");
        await fixture.InstallAsync("vap-warn", ConfigMapPolicy("warn.vap.example.com", "vap-warn", """
            validations:
            - expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"
              message: every configmap should name its team
            """) + "\n---\n" + Binding("warn-binding", "warn.vap.example.com", "[Warn, Audit]"), "warn-binding");

        var created = await Cluster.KubectlAsync("create", "configmap", "unlabelled", "-n", "vap-warn");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("Warning: Validation failed for ValidatingAdmissionPolicy 'warn.vap.example.com' with binding 'warn-binding': every configmap should name its team", created.StdErr);
    }

    [Fact]
    public async Task ParametersComeFromTheConfigMapTheBindingNamesAndAMissingOneDeniesOrAllowsAsTheBindingSays()
    {
        await fixture.NamespaceAsync("vap-params");
        const string Spec = """
            paramKind:
              apiVersion: v1
              kind: ConfigMap
            validations:
            - expression: "object.spec.replicas <= int(params.data.maxReplicas)"
              messageExpression: "'at most ' + params.data.maxReplicas + ' replicas'"
            """;
        var policy = $"""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: replicas.vap.example.com
            spec:
              matchConstraints:
                namespaceSelector:
                  matchLabels:
                    kubernetes.io/metadata.name: vap-params
                resourceRules:
                - apiGroups: [apps]
                  apiVersions: [v1]
                  operations: [CREATE, UPDATE]
                  resources: [deployments]
            {string.Join("\n", Spec.Split('\n').Select(l => "  " + l))}
            """;
        await fixture.InstallAsync("vap-params", policy + "\n---\n" + Binding("replicas-binding", "replicas.vap.example.com", extra: """
            paramRef:
              name: replica-limits
              namespace: vap-params
              parameterNotFoundAction: Deny
            """), "replicas-binding");

        var missing = await Cluster.KubectlAsync("create", "deployment", "early", "-n", "vap-params", "--image=busybox", "--replicas=1");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction", missing.StdErr);

        await Cluster.KubectlOkAsync("create", "configmap", "replica-limits", "-n", "vap-params", "--from-literal=maxReplicas=3");
        await Cluster.KubectlOkAsync("create", "deployment", "small", "-n", "vap-params", "--image=busybox", "--replicas=2");
        var large = await Cluster.KubectlAsync("create", "deployment", "large", "-n", "vap-params", "--image=busybox", "--replicas=5");
        Assert.Contains("denied request: at most 3 replicas", large.StdErr);
        var bindings = await Cluster.KubectlOkAsync("get", "validatingadmissionpolicybindings", "replicas-binding");
        Assert.Matches(@"replicas-binding\s+replicas\.vap\.example\.com\s+vap-params/replica-limits\s", bindings);

        // A second binding whose parameter does not exist, under Allow: the write goes ahead.
        await fixture.InstallAsync("vap-params-allow", Binding("replicas-allow-binding", "replicas.vap.example.com", extra: """
            paramRef:
              name: absent
              namespace: vap-params
              parameterNotFoundAction: Allow
            """), "replicas-allow-binding");
        await Cluster.KubectlOkAsync("create", "deployment", "also-small", "-n", "vap-params", "--image=busybox", "--replicas=1");
    }

    [Fact]
    public async Task ASelectorParamRefChecksTheWriteAgainstEveryParameterItSelectsInTheWritesNamespace()
    {
        await fixture.NamespaceAsync("vap-selector");
        await Cluster.KubectlOkAsync("create", "configmap", "banned-a", "-n", "vap-selector", "--from-literal=word=alpha");
        await Cluster.KubectlOkAsync("create", "configmap", "banned-b", "-n", "vap-selector", "--from-literal=word=beta");
        await Cluster.KubectlOkAsync("label", "configmap", "banned-a", "banned-b", "-n", "vap-selector", "kind=banned-word");
        await fixture.InstallAsync("vap-selector", ConfigMapPolicy("words.vap.example.com", "vap-selector", """
            paramKind:
              apiVersion: v1
              kind: ConfigMap
            matchConditions:
            - name: not-a-parameter
              expression: "!has(object.metadata.labels) || !('kind' in object.metadata.labels)"
            validations:
            - expression: "!has(object.data) || !object.data.exists(k, object.data[k] == params.data.word)"
              messageExpression: "'the word ' + params.data.word + ' is banned'"
            """) + "\n---\n" + Binding("words-binding", "words.vap.example.com", extra: """
            paramRef:
              selector:
                matchLabels:
                  kind: banned-word
              parameterNotFoundAction: Allow
            """), "words-binding");

        await Cluster.KubectlOkAsync("create", "configmap", "fine", "-n", "vap-selector", "--from-literal=w=gamma");
        var beta = await Cluster.KubectlAsync("create", "configmap", "beta", "-n", "vap-selector", "--from-literal=w=beta");
        var bindings = await Cluster.KubectlOkAsync("get", "validatingadmissionpolicybinding", "words-binding");

        Assert.Contains("denied request: the word beta is banned", beta.StdErr);
        Assert.Contains("&LabelSelector{MatchLabels:map[string]string{kind: banned-word,},MatchExpressions:[]LabelSelectorRequirement{},}", bindings);
    }

    [Fact]
    public async Task KubectlListsExplainsDescribesAndUpdatesThePolicyKinds()
    {
        var resources = await Cluster.KubectlOkAsync("api-resources", "--api-group=admissionregistration.k8s.io");
        Assert.Matches(@"validatingadmissionpolicies\s+admissionregistration\.k8s\.io/v1\s+false\s+ValidatingAdmissionPolicy", resources);
        Assert.Matches(@"validatingadmissionpolicybindings\s+admissionregistration\.k8s\.io/v1\s+false\s+ValidatingAdmissionPolicyBinding", resources);
        var explained = await Cluster.KubectlOkAsync("explain", "validatingadmissionpolicy.spec.validations");
        Assert.Contains("messageExpression", explained);

        await fixture.InstallAsync("vap-kubectl", ConfigMapPolicy("kubectl.vap.example.com", "vap-kubectl", """
            validations:
            - expression: "true"
            """) + "\n---\n" + Binding("kubectl-binding", "kubectl.vap.example.com", "[Audit]"), "kubectl-binding");
        await Cluster.KubectlOkAsync("apply", "--server-side", "--force-conflicts", "-f", Cluster.Manifest("vap-kubectl-2.yaml", ConfigMapPolicy("kubectl.vap.example.com", "vap-kubectl", """
            validations:
            - expression: "true"
            - expression: "object.metadata.name != ''"
            """)));
        var described = await Cluster.KubectlOkAsync("describe", "validatingadmissionpolicy", "kubectl.vap.example.com");
        var policy = JsonNode.Parse(await Cluster.KubectlOkAsync("get", "validatingadmissionpolicy", "kubectl.vap.example.com", "-o", "json"))!;

        var generation = (long)policy["metadata"]!["generation"]!;
        Assert.True(generation >= 2, policy.ToJsonString());
        Assert.Equal(generation, (long)policy["status"]!["observedGeneration"]!);
        Assert.Contains($"Observed Generation:  {generation}", described);
        Assert.Equal(2, policy["spec"]!["validations"]!.AsArray().Count);
    }

    [Fact]
    public async Task MatchConditionsAndTheNamespaceSelectorDecideWhichWritesAreChecked()
    {
        await fixture.NamespaceAsync("vap-strict", "policy=strict");
        await fixture.NamespaceAsync("vap-lax");
        await fixture.InstallAsync("vap-cond", """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: nothing.vap.example.com
            spec:
              matchConstraints:
                namespaceSelector:
                  matchLabels:
                    policy: strict
                resourceRules:
                - apiGroups: [""]
                  apiVersions: [v1]
                  operations: [CREATE]
                  resources: [configmaps]
              matchConditions:
              - name: not-exempt
                expression: "!has(object.metadata.labels) || !('exempt' in object.metadata.labels)"
              validations:
              - expression: "false"
                message: no configmaps here
            ---

            """ + Binding("nothing-binding", "nothing.vap.example.com"), "nothing-binding");

        await Cluster.KubectlOkAsync("create", "configmap", "free", "-n", "vap-lax");
        var denied = await Cluster.KubectlAsync("create", "configmap", "plain", "-n", "vap-strict");
        var (exempt, body) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/vap-strict/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"exempt","labels":{"exempt":"yes"}}}""");

        Assert.Contains("denied request: no configmaps here", denied.StdErr);
        Assert.True(exempt == 201, body?.ToJsonString());
    }

    [Fact]
    public async Task ValidationsReadThePolicysVariables()
    {
        await fixture.NamespaceAsync("vap-vars");
        await fixture.InstallAsync("vap-vars", ConfigMapPolicy("vars.vap.example.com", "vap-vars", """
            variables:
            - name: keys
              expression: "has(object.data) ? object.data.size() : 0"
            - name: tooMany
              expression: "variables.keys > 1"
            validations:
            - expression: "!variables.tooMany"
              messageExpression: "'has ' + string(variables.keys) + ' keys'"
            """) + "\n---\n" + Binding("vars-binding", "vars.vap.example.com"), "vars-binding");

        await Cluster.KubectlOkAsync("create", "configmap", "one", "-n", "vap-vars", "--from-literal=a=1");
        var two = await Cluster.KubectlAsync("create", "configmap", "two", "-n", "vap-vars", "--from-literal=a=1", "--from-literal=b=2");

        Assert.Contains("denied request: has 2 keys", two.StdErr);
    }

    [Fact]
    public async Task TheAuthorizerAnswersFromTheRequestersRbacBindings()
    {
        await fixture.NamespaceAsync("vap-authz");
        await SecretListerGrants.GrantAsync(Cluster, "vap-authz");
        await fixture.InstallAsync("vap-authz", ConfigMapPolicy("authz.vap.example.com", "vap-authz", """
            validations:
            - expression: "authorizer.group('').resource('secrets').namespace(object.metadata.namespace).check('list').allowed()"
              message: only those who may list secrets may write configmaps
            - expression: "authorizer.requestResource.check('create').allowed()"
            - expression: "!authorizer.serviceAccount('vap-authz', 'nobody').group('').resource('configmaps').namespace('vap-authz').check('create').allowed()"
              message: the nobody service account is bound to nothing
            """) + "\n---\n" + Binding("authz-binding", "authz.vap.example.com"), "authz-binding");

        var alice = await Cluster.KubectlAsync("create", "configmap", "by-alice", "-n", "vap-authz", "--as", "alice");
        var bob = await Cluster.KubectlAsync("create", "configmap", "by-bob", "-n", "vap-authz", "--as", "bob");

        Assert.True(alice.ExitCode == 0, alice.ToString());
        Assert.Contains("denied request: only those who may list secrets may write configmaps", bob.StdErr);
    }

    [Fact]
    public async Task AnExpressionThatFailsToEvaluateRefusesUnderFailAndPassesUnderIgnore()
    {
        await fixture.NamespaceAsync("vap-fail");
        // The configmap's data has no key "missing": selecting it is an error, not false.
        const string Broken = """
            validations:
            - expression: "object.data.missing == 'x'"
            """;
        await fixture.InstallAsync("vap-fail",
            ConfigMapPolicy("fail.vap.example.com", "vap-fail", "failurePolicy: Fail\nmatchConditions:\n- name: fail\n  expression: \"object.metadata.name == 'strict'\"\n" + Broken) +
            "\n---\n" + Binding("fail-binding", "fail.vap.example.com") + "\n---\n" +
            ConfigMapPolicy("ignore.vap.example.com", "vap-fail", "failurePolicy: Ignore\n" + Broken) +
            "\n---\n" + Binding("ignore-binding", "ignore.vap.example.com"),
            "fail-binding", "ignore-binding");

        var strict = await Cluster.KubectlAsync("create", "configmap", "strict", "-n", "vap-fail", "--from-literal=a=1");
        var lenient = await Cluster.KubectlAsync("create", "configmap", "lenient", "-n", "vap-fail", "--from-literal=a=1");

        Assert.Contains("ValidatingAdmissionPolicy 'fail.vap.example.com' with binding 'fail-binding' denied request: expression 'object.data.missing == 'x'' resulted in error: no such key: missing", strict.StdErr);
        Assert.True(lenient.ExitCode == 0, lenient.ToString());
    }

    [Fact]
    public async Task APolicyOrBindingThatIsNotValidIsRefusedNamingTheField()
    {
        var policy = await Cluster.KubectlAsync("apply", "-f", Cluster.Manifest("vap-invalid.yaml", ConfigMapPolicy("invalid.vap.example.com", "vap-invalid", """
            validations:
            - expression: "object.data.size() <="
            - expression: "variables.undeclared"
            """)));
        var binding = await Cluster.KubectlAsync("apply", "-f", Cluster.Manifest("vap-invalid-binding.yaml",
            Binding("invalid-binding", "invalid.vap.example.com", "[Deny, Warn]")));

        Assert.NotEqual(0, policy.ExitCode);
        Assert.Contains("spec.validations[0].expression: Invalid value: \"object.data.size() <=\": compilation failed: ", policy.StdErr);
        Assert.Contains("spec.validations[1].expression: Invalid value: \"variables.undeclared\": compilation failed: ", policy.StdErr);
        Assert.Contains("spec.validationActions: Invalid value: ", binding.StdErr);
        Assert.Contains("must not contain both Deny and Warn", binding.StdErr);
    }
}
