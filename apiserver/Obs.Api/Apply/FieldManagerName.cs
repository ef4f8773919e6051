using System.Globalization;
using System.Text;
using Obs.Api.Errors;

namespace Obs.Api.Apply;

/// <summary>The <c>fieldManager</c> query parameter: its default and its checks, as Kubernetes applies them.</summary>
public static class FieldManagerName
{
    public const int MaxLength = 128;

    /// <summary>
    /// The manager a write is recorded under: the parameter when given, else the user agent up to its
    /// first <c>/</c> (<c>kubectl/v1.31.0 (linux/amd64)</c> gives <c>kubectl</c>).
    /// </summary>
    public static string Resolve(string? fieldManager, string? userAgent) =>
        !string.IsNullOrEmpty(fieldManager) ? fieldManager : (userAgent ?? "").Split('/')[0];

    /// <summary>
    /// Every problem with the patch options that concern field management: apply needs a manager,
    /// only apply takes <c>force</c>, and a manager is at most 128 bytes of printable characters.
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(string? fieldManager, bool isApply, bool forceGiven)
    {
        var errors = new List<FieldError>();
        if (!isApply && forceGiven) errors.Add(FieldError.Forbidden("force", "may not be specified for non-apply patch"));
        if (isApply && string.IsNullOrEmpty(fieldManager)) errors.Add(FieldError.Required("fieldManager", "is required for apply patch"));
        if (string.IsNullOrEmpty(fieldManager)) return errors;
        if (Encoding.UTF8.GetByteCount(fieldManager) > MaxLength) errors.Add(FieldError.TooLong("fieldManager", fieldManager, MaxLength));
        var position = 0;
        foreach (var rune in fieldManager.EnumerateRunes())
        {
            if (!IsPrintable(rune))
            {
                errors.Add(FieldError.Invalid("fieldManager", fieldManager, $"invalid character U+{rune.Value:X4} (at position {position})"));
            }
            position += rune.Utf8SequenceLength;
        }
        return errors;
    }

    /// <summary>Letters, marks, numbers, punctuation, symbols and the plain space, as Go's <c>unicode.IsPrint</c>.</summary>
    private static bool IsPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
