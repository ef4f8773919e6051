using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Obs.ServiceProxy.Tests.Ingress;

/// <summary><c>kubernetes.io/tls</c> Secrets with a fresh self-signed certificate for the given DNS names.</summary>
public static class TlsSecrets
{
    public static (JsonObject Secret, X509Certificate2 Certificate) Create(string ns, string name, params string[] hosts)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={hosts[0]}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts) names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = Guid.NewGuid().ToString(), ["resourceVersion"] = "1" },
            ["type"] = "kubernetes.io/tls",
            ["data"] = new JsonObject
            {
                ["tls.crt"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.ExportCertificatePem())),
                ["tls.key"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.ExportPkcs8PrivateKeyPem())),
            },
        };
        return (secret, certificate);
    }
}
