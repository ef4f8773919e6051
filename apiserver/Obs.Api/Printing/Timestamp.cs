using System.Globalization;

namespace Obs.Api.Printing;

/// <summary>Reads the RFC 3339 timestamps objects carry (<c>2024-05-01T10:00:00Z</c>, and MicroTime's <c>.000000Z</c>).</summary>
internal static class Timestamp
{
    public static bool TryParse(string? text, out DateTimeOffset time)
    {
        time = default;
        return !string.IsNullOrEmpty(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
