using Obs.Client.Config;

namespace Obs.Client.Tests.Config;

public sealed class KubeconfigFileTests
{
    private const string CaPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    [Fact]
    public void ReadsTheKubeconfigObsUpWrites()
    {
        var yaml = Obs.Cli.Cluster.Kubeconfig.Render("https://127.0.0.1:6443", CaPem, "secret-token");
        var connection = KubeconfigFile.Parse(yaml, "/tmp");
        Assert.Equal(new Uri("https://127.0.0.1:6443"), connection.Server);
        Assert.Equal(CaPem, connection.CertificateAuthorityPem);
        Assert.Equal("secret-token", connection.Token);
        Assert.Equal("default", connection.Namespace);
        Assert.False(connection.InsecureSkipTlsVerify);
    }

    [Fact]
    public void ReadsTheNamedContextWithFilesRelativeToTheKubeconfig()
    {
        var dir = Directory.CreateTempSubdirectory("obs-kubeconfig-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "ca.crt"), CaPem);
            File.WriteAllText(Path.Combine(dir, "token"), "from-file\n");
            File.WriteAllText(Path.Combine(dir, "config"), """
                apiVersion: v1
                kind: Config
                current-context: one
                clusters:
                - name: c1
                  cluster: {server: "https://one:6443", insecure-skip-tls-verify: true}
                - name: c2
                  cluster:
                    server: https://two:6443
                    certificate-authority: ca.crt
                users:
                - name: u1
                  user: {token: t1}
                - name: u2
                  user: {tokenFile: token}
                contexts:
                - name: one
                  context: {cluster: c1, user: u1}
                - name: two
                  context: {cluster: c2, user: u2, namespace: team-a}
                """);
            var one = KubeconfigFile.Load(Path.Combine(dir, "config"));
            Assert.Equal("https://one:6443/", one.Server.ToString());
            Assert.True(one.InsecureSkipTlsVerify);
            Assert.Equal("t1", one.Token);
            var two = KubeconfigFile.Load(Path.Combine(dir, "config"), "two");
            Assert.Equal("https://two:6443/", two.Server.ToString());
            Assert.Equal(CaPem, two.CertificateAuthorityPem);
            Assert.Equal("from-file", two.Token);
            Assert.Equal("team-a", two.Namespace);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AMissingContextIsAnError()
    {
        var yaml = Obs.Cli.Cluster.Kubeconfig.Render("https://127.0.0.1:6443", CaPem, "t");
        var e = Assert.Throws<InvalidDataException>(() => KubeconfigFile.Parse(yaml, "/tmp", "nope"));
        Assert.Equal("context \"nope\" not found in the kubeconfig", e.Message);
    }
}
