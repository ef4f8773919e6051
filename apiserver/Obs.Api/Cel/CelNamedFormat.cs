using System.Globalization;
using System.Text.RegularExpressions;
using Obs.Api.Validation;

namespace Obs.Api.Cel;

/// <summary>
/// A named string format of Kubernetes' format library (<c>format.dns1123Label()</c>, <c>format.named('uuid')</c>):
/// the name checks are the ones Obs applies to object names and labels; the schema formats (uri, uuid,
/// byte, date, datetime) follow kube-openapi's checks. <see cref="Validate"/> gives the errors, empty when valid.
/// </summary>
public sealed partial record CelNamedFormat(string Name, Func<string, IReadOnlyList<string>> Validate)
{
    /// <summary>By the names <c>format.named()</c> takes, which are also the names of the <c>format.&lt;name&gt;()</c> functions.</summary>
    public static readonly IReadOnlyDictionary<string, CelNamedFormat> ByName = new Dictionary<string, CelNamedFormat>(StringComparer.Ordinal)
    {
        ["dns1123Label"] = new("DNS1123Label", s => NameValidators.DnsLabel(s, prefix: false)),
        ["dns1123Subdomain"] = new("DNS1123Subdomain", s => NameValidators.DnsSubdomain(s, prefix: false)),
        ["dns1035Label"] = new("DNS1035Label", s => NameValidators.Dns1035Label(s, prefix: false)),
        ["qualifiedName"] = new("QualifiedName", NameFormats.IsQualifiedName),
        ["dns1123LabelPrefix"] = new("DNS1123LabelPrefix", s => NameValidators.DnsLabel(s, prefix: true)),
        ["dns1123SubdomainPrefix"] = new("DNS1123SubdomainPrefix", s => NameValidators.DnsSubdomain(s, prefix: true)),
        ["dns1035LabelPrefix"] = new("DNS1035LabelPrefix", s => NameValidators.Dns1035Label(s, prefix: true)),
        ["labelValue"] = new("LabelValue", NameFormats.IsValidLabelValue),
        ["uri"] = new("URI", s => CelUrl.TryParse(s) is null ? [$"parse \"{s}\": invalid URI for request"] : []),
        ["uuid"] = new("uuid", s => UuidRegex().IsMatch(s) ? [] : ["does not match the UUID format"]),
        ["byte"] = new("byte", s => Base64Regex().IsMatch(s) ? [] : ["invalid base64"]),
        ["date"] = new("date", s => IsDate(s) ? [] : ["invalid date"]),
        ["datetime"] = new("datetime", s => IsDateTime(s) ? [] : ["invalid datetime"]),
    };

    /// <summary>How string() and errors show a format: by its name.</summary>
    public override string ToString() => Name;

    // Go's '$' is the end of the text; .NET's would also match before a final newline, hence \z.
    [GeneratedRegex(@"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UuidRegex();

    [GeneratedRegex(@"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})\z")]
    private static partial Regex Base64Regex();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}\z")]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))\z")]
    private static partial Regex TimeRegex();

    /// <summary>A full date (<c>2006-01-02</c>) that exists.</summary>
    private static bool IsDate(string s) =>
        DateRegex().IsMatch(s) && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>kube-openapi's date-time check: a date, 't' (any case), then a time with a zone, fields in range.</summary>
    private static bool IsDateTime(string s)
    {
        if (s.Length < 4) return false;
        var parts = s.ToLowerInvariant().Split('t');
        if (parts.Length < 2 || !IsDate(parts[0])) return false;
        var time = TimeRegex().Match(parts[1]);
        return time.Success && string.CompareOrdinal(time.Groups[1].Value, "23") <= 0
            && string.CompareOrdinal(time.Groups[2].Value, "59") <= 0 && string.CompareOrdinal(time.Groups[3].Value, "59") <= 0;
    }
}
