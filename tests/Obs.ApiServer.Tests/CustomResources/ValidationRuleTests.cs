using Obs.Testing;
using static Obs.ApiServer.Tests.CustomResources.Definitions;

namespace Obs.ApiServer.Tests.CustomResources;

/// <summary>A definition's x-kubernetes-validations (CEL) rules, driven with the real kubectl as an operator's user would.</summary>
public sealed class ValidationRuleTests(TestCluster cluster) : IClassFixture<TestCluster>, IAsyncLifetime
{
    /// <summary>A namespaced definition in rules.example.com with a status subresource, its schema's root properties given in YAML.</summary>
    private static string DefinitionOf(string kind, string properties) => $$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: {{kind.ToLowerInvariant()}}s.rules.example.com
        spec:
          group: rules.example.com
          scope: Namespaced
          names: {plural: {{kind.ToLowerInvariant()}}s, singular: {{kind.ToLowerInvariant()}}, kind: {{kind}}, listKind: {{kind}}List}
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
            schema:
              openAPIV3Schema:
                type: object
                properties:
        {{properties}}
        """;

    private static readonly string Definition = DefinitionOf("Route", """
                  spec:
                    type: object
                    x-kubernetes-validations:
                    - rule: self.minReplicas <= self.maxReplicas
                      message: minReplicas must not exceed maxReplicas
                    - rule: "!has(self.timeout) || duration(self.timeout) <= duration('1h')"
                      messageExpression: "'timeout ' + self.timeout + ' is over an hour'"
                      fieldPath: .timeout
                    properties:
                      minReplicas: {type: integer}
                      maxReplicas: {type: integer}
                      timeout: {type: string}
                      host:
                        type: string
                        x-kubernetes-validations:
                        - rule: self == oldSelf
                          message: host is immutable
                  status:
                    type: object
                    properties:
                      phase:
                        type: string
                        x-kubernetes-validations:
                        - rule: self in ['Pending', 'Ready']
                          message: phase must be Pending or Ready
        """);

    public Task InitializeAsync() => InstallAsync(Definition, "routes");

    private async Task InstallAsync(string definition, string plural)
    {
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"{plural}-crd.yaml", definition));
        await WaitForConditionAsync(cluster, $"{plural}.rules.example.com", "Established", "True");
        await Eventually(async () => (await cluster.SendAsync(HttpMethod.Get, $"/apis/rules.example.com/v1/{plural}")).Code == 200);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Object(string kind, string name, string spec) => $"""
        apiVersion: rules.example.com/v1
        kind: {kind}
        metadata:
          name: {name}
          namespace: default
        spec: {spec}
        """;

    private Task<CommandResult> ApplyAsync(string name, string spec, string kind = "Route") =>
        cluster.KubectlAsync("apply", "-f", cluster.Manifest($"{name}-{Guid.NewGuid():N}.yaml", Object(kind, name, spec)));

    [Fact]
    public async Task AnObjectKeepingTheRulesIsAcceptedAndOneBreakingThemIsRefusedWithTheMessage()
    {
        var ok = await ApplyAsync("good", "{minReplicas: 1, maxReplicas: 3, timeout: 30m}");
        Assert.True(ok.ExitCode == 0, ok.ToString());

        var bad = await ApplyAsync("bad", "{minReplicas: 5, maxReplicas: 3}");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("The Route \"bad\" is invalid: spec: Invalid value: \"object\": minReplicas must not exceed maxReplicas", bad.StdErr);

        var slow = await ApplyAsync("slow", "{minReplicas: 1, maxReplicas: 3, timeout: 2h}");
        Assert.NotEqual(0, slow.ExitCode);
        Assert.Contains("spec.timeout: Invalid value: \"object\": timeout 2h is over an hour", slow.StdErr);
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, "/apis/rules.example.com/v1/namespaces/default/routes/bad")).Code);
    }

    [Fact]
    public async Task AValueOfTheWrongTypeStopsTheRulesAsKubernetesDoes()
    {
        var typed = await ApplyAsync("typed", "{minReplicas: many, maxReplicas: 3}");
        Assert.NotEqual(0, typed.ExitCode);
        Assert.Contains("spec.minReplicas: Invalid value: \"string\": spec.minReplicas in body must be of type integer: \"string\"", typed.StdErr);
        Assert.True(typed.StdErr.Contains("<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"), typed.StdErr);
    }

    [Fact]
    public async Task ATransitionRuleRefusesAChangeButNotTheFirstValue()
    {
        var created = await ApplyAsync("pinned", "{minReplicas: 1, maxReplicas: 1, host: a.example.com}");
        Assert.True(created.ExitCode == 0, created.ToString());
        var unchanged = await ApplyAsync("pinned", "{minReplicas: 1, maxReplicas: 2, host: a.example.com}");
        Assert.True(unchanged.ExitCode == 0, unchanged.ToString());

        var changed = await ApplyAsync("pinned", "{minReplicas: 1, maxReplicas: 2, host: b.example.com}");
        Assert.NotEqual(0, changed.ExitCode);
        Assert.Contains("spec.host: Invalid value: \"string\": host is immutable", changed.StdErr);
    }

    [Fact]
    public async Task RulesOnTheStatusApplyToStatusWrites()
    {
        Assert.Equal(0, (await ApplyAsync("staged", "{minReplicas: 1, maxReplicas: 1}")).ExitCode);
        await cluster.KubectlOkAsync("patch", "route", "staged", "--subresource=status", "--type=merge", "-p", """{"status":{"phase":"Ready"}}""");
        var bad = await cluster.KubectlAsync("patch", "route", "staged", "--subresource=status", "--type=merge", "-p", """{"status":{"phase":"Broken"}}""");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("status.phase: Invalid value: \"string\": phase must be Pending or Ready", bad.StdErr);
    }

    [Fact]
    public async Task ADefinitionWithARuleThatDoesNotCompileIsRefusedNamingTheRule()
    {
        var broken = Definition.Replace("routes.rules.example.com", "brokens.rules.example.com").Replace("plural: routes, singular: route, kind: Route, listKind: RouteList", "plural: brokens, singular: broken, kind: Broken, listKind: BrokenList")
            .Replace("self.minReplicas <= self.maxReplicas", "self.minReplica <= self.maxReplicas");
        var result = await cluster.KubectlAsync("apply", "-f", cluster.Manifest("broken-crd.yaml", broken));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.minReplica <= self.maxReplicas\"", result.StdErr);
        Assert.Contains("compilation failed: ERROR: <input>:1:5: undefined field 'minReplica'", result.StdErr);
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, $"{CrdPath}/brokens.rules.example.com")).Code);
    }

    private static readonly string EndpointDefinition = DefinitionOf("Endpoint", """
                  spec:
                    type: object
                    x-kubernetes-validations:
                    - rule: cidr(self.network).containsIP(self.address)
                      message: address must lie in network
                    - rule: self.?replicas.orValue(1) <= 5
                      message: at most 5 replicas
                    - rule: self.?labels.orValue({}).all(k, v, k != v)
                      message: a label must not repeat its key
                    properties:
                      address:
                        type: string
                        x-kubernetes-validations:
                        - rule: isIP(self) && ip(self).family() == 4
                          message: address must be an IPv4 address
                      network: {type: string}
                      replicas: {type: integer}
                      labels: {type: object, additionalProperties: {type: string}}
                      host:
                        type: string
                        x-kubernetes-validations:
                        - rule: "!format.dns1123Subdomain().validate(self).hasValue()"
                          messageExpression: "'host: ' + format.dns1123Subdomain().validate(self).value().join(', ')"
                      version:
                        type: string
                        x-kubernetes-validations:
                        - rule: isSemver(self, true) && semver(self, true).isGreaterThan(semver('1.0.0'))
                          message: version must be a semantic version above 1.0.0
        """);

    [Fact]
    public async Task RulesUsingTheIpCidrFormatSemverAndOptionalLibrariesAreEnforced()
    {
        await InstallAsync(EndpointDefinition, "endpoints");
        Task<CommandResult> Apply(string name, string spec) => ApplyAsync(name, spec, "Endpoint");

        var ok = await Apply("good", "{address: 10.1.2.3, network: 10.0.0.0/8, host: api.example.com, version: v1.2, labels: {tier: web}}");
        Assert.True(ok.ExitCode == 0, ok.ToString());

        var bad = await Apply("bad", "{address: 10.1.2.03, network: 10.0.0.0/8, replicas: 6, host: Api_Example, version: 0.9.0, labels: {web: web}}");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("spec.address: Invalid value: \"string\": address must be an IPv4 address", bad.StdErr);
        Assert.Contains("spec.host: Invalid value: \"string\": host: a lowercase RFC 1123 subdomain must consist of", bad.StdErr);
        Assert.Contains("spec.version: Invalid value: \"string\": version must be a semantic version above 1.0.0", bad.StdErr);
        Assert.Contains("spec: Invalid value: \"object\": at most 5 replicas", bad.StdErr);
        Assert.Contains("spec: Invalid value: \"object\": a label must not repeat its key", bad.StdErr);
        // 10.1.2.03 is no address, so the containment rule errs rather than fails, in cel-go's words.
        Assert.Contains("IP Address \"10.1.2.03\" parse error during conversion from string", bad.StdErr);

        var outside = await Apply("outside", "{address: 192.168.0.1, network: 10.0.0.0/8, host: a, version: 2.0.0}");
        Assert.NotEqual(0, outside.ExitCode);
        Assert.Contains("spec: Invalid value: \"object\": address must lie in network", outside.StdErr);
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, "/apis/rules.example.com/v1/namespaces/default/endpoints/bad")).Code);
    }
}
