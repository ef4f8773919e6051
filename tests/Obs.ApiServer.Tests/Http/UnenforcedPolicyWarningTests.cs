using Obs.ApiServer.Http;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// NetworkPolicies are stored and validated, and every write of one tells kubectl that Obs does not
/// enforce it; a real apiserver and the real kubectl.
/// </summary>
public sealed class UnenforcedPolicyWarningTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string Policy = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: db-from-web
          namespace: netpol-warn
        spec:
          podSelector:
            matchLabels:
              app: db
          ingress:
          - from:
            - podSelector:
                matchLabels:
                  app: web
            ports:
            - port: 5432
        """;

    [Fact]
    public async Task ApplyingAPolicyStoresItAndKubectlPrintsTheWarning()
    {
        await cluster.KubectlOkAsync("create", "namespace", "netpol-warn");

        var created = await cluster.KubectlAsync("apply", "-f", cluster.Manifest("netpol-warn.yaml", Policy));
        var changed = await cluster.KubectlAsync("apply", "-f", cluster.Manifest("netpol-warn-2.yaml", Policy.Replace("5432", "5433")));

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("Warning: " + UnenforcedPolicyWarning.NetworkPolicy, created.StdErr);
        Assert.Contains("networkpolicy.networking.k8s.io/db-from-web created", created.StdOut);
        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Contains("Warning: " + UnenforcedPolicyWarning.NetworkPolicy, changed.StdErr);
        var table = await cluster.KubectlOkAsync("get", "netpol", "-n", "netpol-warn");
        Assert.Matches(@"NAME\s+POD-SELECTOR\s+AGE", table);
        Assert.Matches(@"db-from-web\s+app=db\s+", table);
        Assert.Equal("5433 TCP Ingress", await cluster.KubectlOkAsync("get", "netpol", "db-from-web", "-n", "netpol-warn",
            "-o", "jsonpath={.spec.ingress[0].ports[0].port} {.spec.ingress[0].ports[0].protocol} {.spec.policyTypes[0]}"));
    }

    [Fact]
    public async Task AnInvalidPolicyIsRefusedWithoutTheWarning()
    {
        await cluster.KubectlOkAsync("create", "namespace", "netpol-bad");
        var bad = Policy.Replace("netpol-warn", "netpol-bad").Replace("""
                - podSelector:
                    matchLabels:
                      app: web
            """, """
                - ipBlock:
                    cidr: 10.0.0.0/8
                    except: ["192.168.0.0/16"]
            """);

        var result = await cluster.KubectlAsync("apply", "-f", cluster.Manifest("netpol-bad.yaml", bad));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: \"192.168.0.0/16\": must be a strict subset of `cidr`", result.StdErr);
        Assert.DoesNotContain("Warning:", result.StdErr);
    }
}
