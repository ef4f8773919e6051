using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// Certificates read from <c>kubernetes.io/tls</c> Secrets (<c>tls.crt</c>: the leaf then its chain, PEM;
/// <c>tls.key</c>: its key, PEM), parsed once per Secret version: a rebuilt table reuses what did not change,
/// and a changed Secret is read again, so renewed certificates serve without a restart.
/// Used by one table build at a time.
/// </summary>
internal sealed class SecretCertificates
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <returns>The certificate, or null and why not.</returns>
    public (SslStreamCertificateContext? Certificate, string? Problem) Get(string @namespace, string name, JsonObject? secret)
    {
        var key = $"{@namespace}/{name}";
        _used.Add(key);
        if (secret is null) return (null, $"secret {key} not found (or not of type kubernetes.io/tls)");
        var version = $"{ObjectMeta.Uid(secret)}/{ObjectMeta.ResourceVersion(secret)}";
        if (!_entries.TryGetValue(key, out var entry) || entry.Version != version)
        {
            _entries[key] = entry = Parse(key, version, secret);
        }
        return (entry.Certificate, entry.Problem);
    }

    /// <summary>Forgets the Secrets no <see cref="Get"/> asked for since the last call.</summary>
    public void DropUnused()
    {
        foreach (var key in _entries.Keys.Where(k => !_used.Contains(k)).ToList()) _entries.Remove(key);
        _used.Clear();
    }

    private static Entry Parse(string key, string version, JsonObject secret)
    {
        var certificate = Decode(secret, "tls.crt");
        var privateKey = Decode(secret, "tls.key");
        if (certificate is null || privateKey is null) return new Entry(version, null, $"secret {key} has no tls.crt or tls.key");
        try
        {
            var chain = new X509Certificate2Collection();
            chain.ImportFromPem(certificate);
            using var pemLeaf = X509Certificate2.CreateFromPem(certificate, privateKey);
            // Round-trip through PKCS#12 so the key is usable by the TLS stack on every platform.
            var leaf = X509CertificateLoader.LoadPkcs12(pemLeaf.Export(X509ContentType.Pkcs12), null);
            var intermediates = new X509Certificate2Collection();
            for (var i = 1; i < chain.Count; i++) intermediates.Add(chain[i]);
            return new Entry(version, SslStreamCertificateContext.Create(leaf, intermediates, offline: true), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return new Entry(version, null, $"secret {key}: {e.Message}");
        }
    }

    private static string? Decode(JsonObject secret, string field)
    {
        if (secret.StringAt("data", field) is { Length: > 0 } base64)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            }
            catch (FormatException)
            {
                return null;
            }
        }
        // stringData is folded into data by the apiserver; accepted here for objects that bypassed it.
        return secret.StringAt("stringData", field) is { Length: > 0 } text ? text : null;
    }

    private sealed record Entry(string Version, SslStreamCertificateContext? Certificate, string? Problem);
}
