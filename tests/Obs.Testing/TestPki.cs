using System.Net;
using Obs.ApiServer.Auth;

namespace Obs.Testing;

/// <summary>One CA, serving certificate and admin token per test process, as `obs up` makes them.</summary>
public static class TestPki
{
    private static readonly Lazy<(ClusterPki Pki, string TokenFile, string Token)> Instance = new(() =>
    {
        StaleTestDirectories.Sweep(Path.GetTempPath());
        var dir = Path.Combine(Path.GetTempPath(), StaleTestDirectories.PkiPrefix + Environment.ProcessId);
        var pki = new ClusterPki(dir);
        pki.Ensure([IPAddress.Loopback], []);
        var tokenFile = Path.Combine(dir, "tokens.csv");
        var token = AdminToken.Ensure(tokenFile);
        return (pki, tokenFile, token);
    });

    public static ClusterPki Pki => Instance.Value.Pki;
    public static string TokenFile => Instance.Value.TokenFile;
    public static string Token => Instance.Value.Token;
}
