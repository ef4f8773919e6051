using System.Text;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Tests.Storage;

/// <summary>JSON written in a test, in the form the store takes (as read back: no metadata end known).</summary>
internal static class StoredText
{
    public static StoredJson Stored(string json) => new(Encoding.UTF8.GetBytes(json));

    public static string Text(byte[] json) => Encoding.UTF8.GetString(json);
}
