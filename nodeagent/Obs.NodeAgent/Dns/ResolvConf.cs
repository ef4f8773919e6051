using System.Net;

namespace Obs.NodeAgent.Dns;

/// <summary>The parts of a resolv.conf (resolv.conf(5)) that matter here: nameservers, search domains and options.</summary>
public sealed record ResolvConf(IReadOnlyList<string> Nameservers, IReadOnlyList<string> Searches, IReadOnlyList<string> Options)
{
    public static ResolvConf Parse(string text)
    {
        var nameservers = new List<string>();
        var searches = new List<string>();
        var options = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            switch (fields[0])
            {
                case "nameserver" when fields.Length > 1:
                    nameservers.Add(fields[1]);
                    break;
                // The last search or domain line wins, as in glibc.
                case "search":
                case "domain":
                    searches = [.. fields.Skip(1)];
                    break;
                case "options":
                    options.AddRange(fields.Skip(1));
                    break;
            }
        }
        return new ResolvConf(nameservers, searches, options);
    }

    public static ResolvConf Read(string path) => File.Exists(path) ? Parse(File.ReadAllText(path)) : new ResolvConf([], [], []);

    /// <summary>The nameservers as port-53 endpoints; ones that are not IP addresses (or carry a zone) are skipped.</summary>
    public IReadOnlyList<IPEndPoint> NameserverEndPoints() =>
        [.. Nameservers.Select(n => IPAddress.TryParse(n, out var ip) ? new IPEndPoint(ip, 53) : null).OfType<IPEndPoint>()];

    public string Format()
    {
        var lines = new List<string>();
        lines.AddRange(Nameservers.Select(n => $"nameserver {n}"));
        if (Searches.Count > 0) lines.Add("search " + string.Join(' ', Searches));
        if (Options.Count > 0) lines.Add("options " + string.Join(' ', Options));
        return string.Join('\n', lines) + "\n";
    }
}
