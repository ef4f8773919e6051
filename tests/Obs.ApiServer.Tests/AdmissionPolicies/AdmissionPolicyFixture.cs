using Microsoft.Extensions.DependencyInjection;
using Obs.ApiServer.AdmissionPolicies;
using Obs.Testing;

namespace Obs.ApiServer.Tests.AdmissionPolicies;

/// <summary>
/// A real apiserver for the ValidatingAdmissionPolicy tests, driven with the real kubectl. Each test keeps to
/// namespaces of its own, and its policies select them, so what one test installs never touches another's writes.
/// </summary>
public sealed class AdmissionPolicyFixture : IAsyncLifetime
{
    /// <summary>A binding whose parameter is missing under parameterNotFoundAction Deny fails writes with 500, as kube-apiserver does.</summary>
    public TestCluster Cluster { get; } = new() { ServerErrorsExpected = true };

    public Task InitializeAsync() => Cluster.InitializeAsync();

    public Task DisposeAsync() => Cluster.DisposeAsync();

    public async Task NamespaceAsync(string ns, params string[] labels)
    {
        await Cluster.KubectlOkAsync("create", "namespace", ns);
        if (labels.Length > 0) await Cluster.KubectlOkAsync(["label", "namespace", ns, .. labels]);
    }

    /// <summary>Applies a manifest with kubectl and waits until the apiserver enforces the bindings it names.</summary>
    public async Task InstallAsync(string name, string yaml, params string[] bindings)
    {
        await Cluster.KubectlOkAsync("apply", "-f", Cluster.Manifest(name + ".yaml", yaml));
        var policies = Cluster.Host.Services.GetRequiredService<AdmissionPolicySet>();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(20))
        {
            var served = policies.Bound.SelectMany(b => b.Bindings).Select(b => b.Name).ToHashSet();
            if (bindings.All(served.Contains)) return;
            Assert.True(DateTime.UtcNow < deadline, "the apiserver never enforced bindings " + string.Join(", ", bindings));
        }
    }

    /// <summary>A policy on configmap writes in namespace <paramref name="ns"/>; <paramref name="spec"/> is the rest of its spec.</summary>
    public static string ConfigMapPolicy(string name, string ns, string spec, string operations = "[CREATE, UPDATE]") => $"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: {name}
        spec:
          matchConstraints:
            namespaceSelector:
              matchLabels:
                kubernetes.io/metadata.name: {ns}
            resourceRules:
            - apiGroups: [""]
              apiVersions: [v1]
              operations: {operations}
              resources: [configmaps]
        {Indent(spec)}
        """;

    /// <summary>A binding; <paramref name="extra"/> is the rest of its spec.</summary>
    public static string Binding(string name, string policy, string actions = "[Deny]", string extra = "") => $"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: {name}
        spec:
          policyName: {policy}
          validationActions: {actions}
        {Indent(extra)}
        """;

    /// <summary>YAML placed under <c>spec:</c>.</summary>
    private static string Indent(string yaml) => string.Join("\n", yaml.Split('\n').Select(line => line.Length > 0 ? "  " + line : line));
}
