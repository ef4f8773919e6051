using System.Text.Json;

namespace Obs.NodeAgent.Api;

/// <summary>A resize message of the channel protocols (channel 4): <c>{"Width":W,"Height":H}</c>, as kubectl sends it.</summary>
internal readonly record struct TerminalSize(ushort Width, ushort Height)
{
    /// <summary>The size a frame carries; null for anything else (a client's garbage must not end the session).</summary>
    public static TerminalSize? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            return root.TryGetProperty("Width", out var width) && width.TryGetUInt16(out var w)
                && root.TryGetProperty("Height", out var height) && height.TryGetUInt16(out var h)
                ? new TerminalSize(w, h)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
