using System.Text.Json.Nodes;

namespace Obs.ApiServer.Discovery;

/// <summary>
/// <c>/version</c>. kubectl on these machines is a dispatcher that runs <c>kubectl.1.&lt;minor&gt;</c>
/// by the server's minor version, so the minor is the Kubernetes API level Obs implements.
/// </summary>
public static class VersionInfo
{
    public const string Major = "1";
    public const string Minor = "32";
    public const string GitVersion = "v1.32.0+obs";

    public static JsonObject Document() => new()
    {
        ["major"] = Major,
        ["minor"] = Minor,
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "obs",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-11-22T00:00:00Z",
        ["goVersion"] = "obs (.NET " + Environment.Version.ToString(3) + ")",
        ["compiler"] = "dotnet",
        ["platform"] = $"{(OperatingSystem.IsLinux() ? "linux" : "other")}/{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant().Replace("x64", "amd64", StringComparison.Ordinal)}",
    };
}
