namespace Obs.Cli.Cluster;

/// <summary>Writes a kubeconfig with one cluster, one user (a bearer token) and one context.</summary>
public static class Kubeconfig
{
    public const string ContextName = "obs";

    public static string Render(string server, string caCertPem, string token) => $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {{ContextName}}
          cluster:
            server: {{server}}
            certificate-authority-data: {{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(caCertPem))}}
        users:
        - name: {{ContextName}}-admin
          user:
            token: {{token}}
        contexts:
        - name: {{ContextName}}
          context:
            cluster: {{ContextName}}
            user: {{ContextName}}-admin
            namespace: default
        current-context: {{ContextName}}
        preferences: {}

        """;

    public static void Write(string path, string server, string caCertFile, string token)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, Render(server, File.ReadAllText(caCertFile), token));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
