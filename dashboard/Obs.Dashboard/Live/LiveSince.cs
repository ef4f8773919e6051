namespace Obs.Dashboard.Live;

/// <summary>
/// The change number (<see cref="LiveHub.Sequence"/>) a page has seen, for the /live stream it opens: the stream is
/// told at once of what changed between the page's render and its connection. Scoped to the request and taken
/// when a page first asks for it, which is when the page is made, before it reads the cluster cache: a change
/// that lands in between is at worst announced although the page already shows it, never lost.
/// </summary>
public sealed class LiveSince(long value)
{
    public long Value => value;

    /// <summary><paramref name="stream"/> (a /live address) with this page's number as <c>since</c>.</summary>
    public string Stream(string stream) => $"{stream}{(stream.Contains('?', StringComparison.Ordinal) ? '&' : '?')}since={value}";
}
