using System.Text;

namespace Obs.ServiceProxy.Http1;

/// <summary>Comma-separated token lists (<c>Connection</c>, <c>Transfer-Encoding</c>) read without allocating.</summary>
internal static class Tokens
{
    /// <summary>True when <paramref name="list"/> holds <paramref name="token"/>, compared ignoring ASCII case.</summary>
    public static bool Contains(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        while (!list.IsEmpty)
        {
            var comma = list.IndexOf((byte)',');
            var item = comma < 0 ? list : list[..comma];
            if (Ascii.EqualsIgnoreCase(Trim(item), token)) return true;
            if (comma < 0) break;
            list = list[(comma + 1)..];
        }
        return false;
    }

    /// <summary>The last non-empty item of a list (<c>Transfer-Encoding</c>'s final coding).</summary>
    public static ReadOnlySpan<byte> Last(ReadOnlySpan<byte> list)
    {
        while (true)
        {
            var comma = list.LastIndexOf((byte)',');
            var item = Trim(comma < 0 ? list : list[(comma + 1)..]);
            if (!item.IsEmpty || comma < 0) return item;
            list = list[..comma];
        }
    }

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value) => value.Trim(" \t"u8);
}
