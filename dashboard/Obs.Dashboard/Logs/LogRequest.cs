using System.Globalization;
using System.Text;

namespace Obs.Dashboard.Logs;

/// <summary>Which log to read: a pod's container (null for its only one), the previous instance or not, how many last lines, and whether to follow.</summary>
public sealed record LogRequest(string Namespace, string Pod, string? Container = null, bool Previous = false, int? TailLines = LogRequest.DefaultTailLines, bool Follow = false)
{
    public const int DefaultTailLines = 500;
    public const int MaxTailLines = 10_000;

    /// <summary>The apiserver path of <c>pods/log</c> (proxied by the apiserver to the node's agent).</summary>
    public string ApiPath
    {
        get
        {
            var path = new StringBuilder($"/api/v1/namespaces/{Uri.EscapeDataString(Namespace)}/pods/{Uri.EscapeDataString(Pod)}/log");
            var separator = '?';
            void Add(string key, string value)
            {
                path.Append(separator).Append(key).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
            if (Container is { Length: > 0 }) Add("container", Container);
            if (Previous) Add("previous", "true");
            if (TailLines is { } tail) Add("tailLines", Math.Clamp(tail, 0, MaxTailLines).ToString(CultureInfo.InvariantCulture));
            if (Follow) Add("follow", "true");
            return path.ToString();
        }
    }

    /// <summary>The dashboard's own address for this log under <paramref name="suffix"/> (stream, download), with the container and instance.</summary>
    public string DashboardPath(string suffix)
    {
        var path = $"/pods/{Uri.EscapeDataString(Namespace)}/{Uri.EscapeDataString(Pod)}/log/{suffix}";
        var query = new List<string>();
        if (Container is { Length: > 0 }) query.Add("container=" + Uri.EscapeDataString(Container));
        if (Previous) query.Add("previous=true");
        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }
}
