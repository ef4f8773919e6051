using System.Buffers.Text;
using System.Security.Cryptography;

namespace Obs.ApiServer.ServiceAccounts;

/// <summary>
/// The ECDSA P-256 key that signs service account tokens (ES256). It lives as a PKCS#8 PEM file
/// next to the serving key, created at the first start, so that every apiserver of a cluster
/// given the same directory signs and verifies the same tokens, and tokens survive restarts.
/// </summary>
public sealed class ServiceAccountSigningKey : IDisposable
{
    private readonly ECDsa _key;

    private ServiceAccountSigningKey(ECDsa key)
    {
        _key = key;
        // The key id is the SHA-256 of the public key, as Kubernetes derives it: verifiers pick keys by it.
        KeyId = Base64Url.EncodeToString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    public string KeyId { get; }

    /// <summary>Reads the key at <paramref name="path"/>, creating it first when it does not exist; a key of its own when null.</summary>
    public static ServiceAccountSigningKey LoadOrCreate(string? path)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (path is null) return new ServiceAccountSigningKey(key);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            // Written aside and moved without overwriting: of two apiservers starting at once, the first key wins and both read it.
            var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temp, key.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            try { File.Move(temp, path, overwrite: false); }
            catch (IOException) when (File.Exists(path)) { File.Delete(temp); }
        }
        key.ImportFromPem(File.ReadAllText(path));
        return new ServiceAccountSigningKey(key);
    }

    /// <summary>The JWS signature (r||s, as ES256 wants) of the signing input.</summary>
    public byte[] Sign(ReadOnlySpan<byte> input) => _key.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public bool Verify(ReadOnlySpan<byte> input, ReadOnlySpan<byte> signature) =>
        _key.VerifyData(input, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();
}
