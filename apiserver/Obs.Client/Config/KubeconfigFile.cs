using System.Text;
using YamlDotNet.RepresentationModel;

namespace Obs.Client.Config;

/// <summary>
/// Reads a kubeconfig (the file <c>obs up</c> writes, or any kubectl one that uses a CA and a
/// bearer token) into a <see cref="ClusterConnection"/> for its current context or a named one.
/// </summary>
public static class KubeconfigFile
{
    /// <summary>$KUBECONFIG's first file, else ~/.kube/config.</summary>
    public static string DefaultPath()
    {
        var env = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(env)) return env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)[0];
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
    }

    public static ClusterConnection Load(string? path = null, string? context = null)
    {
        path ??= DefaultPath();
        return Parse(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path))!, context);
    }

    /// <summary>Parses kubeconfig text; relative file paths in it resolve against <paramref name="baseDirectory"/>.</summary>
    public static ClusterConnection Parse(string yaml, string baseDirectory, string? context = null)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidDataException("the kubeconfig is empty");
        context ??= Scalar(root, "current-context");
        if (string.IsNullOrEmpty(context)) throw new InvalidDataException("the kubeconfig has no current-context");
        var ctx = Named(root, "contexts", "context", context) ?? throw new InvalidDataException($"context \"{context}\" not found in the kubeconfig");
        var clusterName = Scalar(ctx, "cluster") ?? throw new InvalidDataException($"context \"{context}\" names no cluster");
        var cluster = Named(root, "clusters", "cluster", clusterName) ?? throw new InvalidDataException($"cluster \"{clusterName}\" not found in the kubeconfig");
        var userName = Scalar(ctx, "user");
        var user = userName is null ? null : Named(root, "users", "user", userName);

        var server = Scalar(cluster, "server") ?? throw new InvalidDataException($"cluster \"{clusterName}\" has no server");
        string? ca = null;
        if (Scalar(cluster, "certificate-authority-data") is { Length: > 0 } data) ca = Encoding.UTF8.GetString(Convert.FromBase64String(data));
        else if (Scalar(cluster, "certificate-authority") is { Length: > 0 } caFile) ca = File.ReadAllText(Path.Combine(baseDirectory, caFile));

        string? token = null;
        if (user is not null)
        {
            if (Scalar(user, "token") is { Length: > 0 } t) token = t;
            else if (Scalar(user, "tokenFile") is { Length: > 0 } tokenFile) token = File.ReadAllText(Path.Combine(baseDirectory, tokenFile)).Trim();
        }
        return new ClusterConnection
        {
            Server = new Uri(server),
            CertificateAuthorityPem = ca,
            Token = token,
            Namespace = Scalar(ctx, "namespace") is { Length: > 0 } ns ? ns : "default",
            InsecureSkipTlsVerify = Scalar(cluster, "insecure-skip-tls-verify") == "true",
        };
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>The inner mapping of the entry called <paramref name="name"/> in a named list (<c>clusters: - name: x  cluster: {…}</c>).</summary>
    private static YamlMappingNode? Named(YamlMappingNode root, string list, string inner, string name)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(list), out var node) || node is not YamlSequenceNode entries) return null;
        foreach (var entry in entries)
        {
            if (entry is YamlMappingNode map && Scalar(map, "name") == name &&
                map.Children.TryGetValue(new YamlScalarNode(inner), out var body) && body is YamlMappingNode found)
                return found;
        }
        return null;
    }
}
