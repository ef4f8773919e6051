using Obs.Testing;

namespace Obs.ApiServer.Tests.AdmissionPolicies;

/// <summary>
/// RBAC for the authorizer tests of admission expressions: in a namespace, <c>alice</c> and <c>bob</c> may create
/// configmaps and only alice may list secrets. Waits until the apiserver applies the bindings.
/// </summary>
public static class SecretListerGrants
{
    public static async Task GrantAsync(TestCluster cluster, string ns)
    {
        foreach (var args in new[]
        {
            new[] { "create", "role", "cm-writer", "--verb=create", "--resource=configmaps" },
            ["create", "role", "secret-lister", "--verb=list", "--resource=secrets"],
            ["create", "rolebinding", "writers", "--role=cm-writer", "--user=alice", "--user=bob"],
            ["create", "rolebinding", "listers", "--role=secret-lister", "--user=alice"],
        })
        {
            await cluster.KubectlOkAsync([.. args, "-n", ns]);
        }
        for (var deadline = DateTime.UtcNow.AddSeconds(10); (await cluster.KubectlAsync("auth", "can-i", "list", "secrets", "-n", ns, "--as", "alice")).StdOut.Trim() != "yes";)
        {
            Assert.True(DateTime.UtcNow < deadline, "alice's binding never applied");
            await Task.Delay(50);
        }
    }
}
