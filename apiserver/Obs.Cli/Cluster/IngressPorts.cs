using System.Globalization;
using Obs.NodeAgent.Pods;

namespace Obs.Cli.Cluster;

/// <summary>
/// The ingress ports <c>obs up</c> starts its agent with: those asked for (<c>--ingress-http-port</c>, or
/// <c>OBS_INGRESS_HTTP_PORT</c>; 0 serves none), else 80 and 443 when this user can listen there now, else a free
/// port each, as the other parts of the local cluster do, so a second cluster or a user without root still gets
/// an ingress. The ports chosen are kept in a file under the cluster home for the next <c>up</c> and <c>status</c>
/// while the agent runs. The agent binds them only once an Ingress exists; one taken by then is reported by the
/// agent (its log and a node event), which runs on without it.
/// </summary>
public sealed record IngressPorts(int Http, int Https)
{
    public const string HttpVariable = "OBS_INGRESS_HTTP_PORT";
    public const string HttpsVariable = "OBS_INGRESS_HTTPS_PORT";

    /// <summary>The port in <paramref name="variable"/> (null when it is unset); false when it holds something else, which is an error rather than a silent default.</summary>
    public static bool FromEnvironment(string variable, out int? port)
    {
        port = null;
        if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } text) return true;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 65535) return false;
        port = value;
        return true;
    }

    public static IngressPorts Choose(int? http, int? https) => new(http ?? Preferred(80), https ?? Preferred(443));

    public static IngressPorts? Read(string file)
    {
        if (!File.Exists(file)) return null;
        var words = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length == 2
            && int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var http)
            && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var https)
            ? new IngressPorts(http, https) : null;
    }

    public void Write(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, $"{Text(Http)} {Text(Https)}");
    }

    public string[] AgentArguments() => ["--ingress-http-port", Text(Http), "--ingress-https-port", Text(Https)];

    /// <summary>Where Ingresses answer, for the summary: <c>http://127.0.0.1:80  https://127.0.0.1:443</c>, "none" for a port turned off.</summary>
    public string Describe() =>
        $"{(Http > 0 ? $"http://127.0.0.1:{Text(Http)}" : "http none")}  {(Https > 0 ? $"https://127.0.0.1:{Text(Https)}" : "https none")}";

    /// <summary>
    /// <paramref name="port"/> when this user can listen on it on every address now, else one the kernel picks; the same
    /// probe the agent gives its pods' ports. Taken, or below 1024 without root or CAP_NET_BIND_SERVICE, is not free.
    /// </summary>
    private static int Preferred(int port) => HostPorts.IsFree(port) ? port : HostPorts.FreePort();

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
