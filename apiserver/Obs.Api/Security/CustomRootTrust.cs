using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Obs.Api.Security;

/// <summary>
/// A TLS peer checked against roots of our own (the cluster's CA, a mail relay's CA) instead of the
/// machine's trust store: the name must have matched, and the chain must end at one of the roots.
/// The apiserver's clients, the CLI and the alert mailer all trust a private CA this way.
/// </summary>
public static class CustomRootTrust
{
    /// <param name="sent">
    /// The chain the TLS handshake built, when the intermediates the peer sent may be used on the way to the roots
    /// (an admission webhook's certificate issued by an intermediate CA); null trusts only what a root signed itself.
    /// </param>
    public static bool Trusts(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors, X509Chain? sent = null)
    {
        if (certificate is null) return false;
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (sent is not null)
        {
            foreach (var element in sent.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
