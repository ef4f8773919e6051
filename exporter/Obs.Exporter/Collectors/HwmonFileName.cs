using System.Globalization;

namespace Obs.Exporter.Collectors;

/// <summary>
/// A hwmon sysfs file name split as node_exporter splits it, <c>&lt;type&gt;&lt;number&gt;[_&lt;property&gt;]</c>:
/// <c>temp1_crit_alarm</c> is type <c>temp</c>, number 1, property <c>crit_alarm</c>; <c>beep_enable</c> is type
/// <c>beep_enable</c>, number 0, no property. The type is the longest run of non-digits that still lets the rest
/// match, as a backtracking regular expression would take it (so <c>temp_x1y</c> is type <c>temp</c>, property <c>x1y</c>).
/// </summary>
internal readonly record struct HwmonFileName(string Type, int Number, string Property)
{
    /// <summary>The sensor the file belongs to, as node_exporter's <c>sensor</c> label writes it: <c>temp1</c>, <c>beep_enable0</c>.</summary>
    public string Sensor => Type + Number.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string fileName, out HwmonFileName name)
    {
        name = default;
        var nonDigits = 0;
        while (nonDigits < fileName.Length && !char.IsAsciiDigit(fileName[nonDigits]))
        {
            nonDigits++;
        }
        if (nonDigits == 0)
        {
            return false;
        }
        var digitsEnd = nonDigits;
        while (digitsEnd < fileName.Length && char.IsAsciiDigit(fileName[digitsEnd]))
        {
            digitsEnd++;
        }
        if (IsPropertyOrEnd(fileName, digitsEnd))
        {
            // A number too long for an int is no sensor of node_exporter's (its Atoi fails).
            if (!int.TryParse(fileName.AsSpan(nonDigits, digitsEnd - nonDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && digitsEnd > nonDigits)
            {
                return false;
            }
            name = new HwmonFileName(fileName[..nonDigits], number, digitsEnd < fileName.Length ? fileName[(digitsEnd + 1)..] : "");
            return true;
        }
        // A shorter type ends before an underscore inside the non-digit run, with no number and the rest as property.
        for (var end = nonDigits - 1; end >= 1; end--)
        {
            if (fileName[end] == '_' && end + 1 < fileName.Length)
            {
                name = new HwmonFileName(fileName[..end], 0, fileName[(end + 1)..]);
                return true;
            }
        }
        return false;
    }

    private static bool IsPropertyOrEnd(string fileName, int at) =>
        at == fileName.Length || (fileName[at] == '_' && at + 1 < fileName.Length);
}
