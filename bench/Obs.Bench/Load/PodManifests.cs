using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Obs.Bench.Load;

/// <summary>The small valid Pod every write benchmark creates (about 300 bytes, like the PostgreSQL anchor's), and the namespace it goes in.</summary>
internal static class PodManifests
{
    public static readonly MediaTypeHeaderValue Json = new("application/json");

    public static string PodName(int index) => "bench-" + index.ToString("D6", CultureInfo.InvariantCulture);

    public static byte[] Pod(int index) => Encoding.UTF8.GetBytes(
        $$$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{{PodName(index)}}}}","labels":{"app":"bench","shard":"s{{{{index % 16}}}}"}},"spec":{"containers":[{"name":"app","image":"registry.k8s.io/pause:3.9","resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}""");

    public static byte[] Namespace(string name) => Encoding.UTF8.GetBytes(
        $$$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{{name}}}}"}}""");

    public static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return content;
    }
}
