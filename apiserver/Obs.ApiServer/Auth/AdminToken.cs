using System.Security.Cryptography;

namespace Obs.ApiServer.Auth;

/// <summary>The cluster's admin bearer token and the static token file the apiserver reads it from.</summary>
public static class AdminToken
{
    /// <summary>Writes a token file with a fresh random admin token unless one exists; returns the admin token.</summary>
    public static string Ensure(string tokenFile)
    {
        if (File.Exists(tokenFile))
        {
            var first = File.ReadLines(tokenFile).FirstOrDefault(l => l.Trim().Length > 0 && !l.StartsWith('#'));
            if (first is not null) return first.Split(',')[0].Trim();
        }
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(tokenFile))!);
        File.WriteAllText(tokenFile, $"{token},admin,admin,\"system:masters\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return token;
    }
}
