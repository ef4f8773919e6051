using System.Net;
using System.Text.RegularExpressions;

namespace Obs.Api.Validation;

/// <summary>
/// The string formats Kubernetes checks names, keys and values against (apimachinery's
/// <c>util/validation</c>). Each check returns the messages Kubernetes would print, empty when the
/// value is fine, so callers can wrap them in <see cref="Errors.FieldError"/>s with their own path.
/// </summary>
public static partial class NameFormats
{
    public const int Dns1123LabelMaxLength = 63;
    public const int Dns1123SubdomainMaxLength = 253;
    public const int Dns1035LabelMaxLength = 63;
    public const int QualifiedNameMaxLength = 63;
    public const int LabelValueMaxLength = 63;

    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string QualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string LabelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private const string Dns1123SubdomainFormat = Dns1123LabelFormat + "(\\." + Dns1123LabelFormat + ")*";
    private const string Dns1123SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string Dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1035LabelMessage = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private const string WildcardSubdomainFormat = "\\*\\." + Dns1123SubdomainFormat;
    private const string WildcardSubdomainMessage = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
    private const string ConfigMapKeyFormat = "[-._a-zA-Z0-9]+";
    private const string ConfigMapKeyMessage = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
    private const string PercentFormat = "[0-9]+%";
    private const string PercentMessage = "a valid percent string must be a numeric string followed by an ending '%'";
    private const string HttpHeaderNameFormat = "[-A-Za-z0-9]+";
    private const string HttpHeaderNameMessage = "a valid HTTP header must consist of alphanumeric characters or '-'";

    [GeneratedRegex("^" + QualifiedNameFormat + "$")] private static partial Regex QualifiedNameRegex();
    [GeneratedRegex("^" + LabelValueFormat + "$")] private static partial Regex LabelValueRegex();
    [GeneratedRegex("^" + Dns1123LabelFormat + "$")] private static partial Regex Dns1123LabelRegex();
    [GeneratedRegex("^" + Dns1123SubdomainFormat + "$")] private static partial Regex Dns1123SubdomainRegex();
    [GeneratedRegex("^" + Dns1035LabelFormat + "$")] private static partial Regex Dns1035LabelRegex();
    [GeneratedRegex("^" + WildcardSubdomainFormat + "$")] private static partial Regex WildcardSubdomainRegex();
    [GeneratedRegex("^" + ConfigMapKeyFormat + "$")] private static partial Regex ConfigMapKeyRegex();
    [GeneratedRegex("^" + PercentFormat + "$")] private static partial Regex PercentRegex();
    [GeneratedRegex("^" + HttpHeaderNameFormat + "$")] private static partial Regex HttpHeaderNameRegex();
    [GeneratedRegex("^[-a-z0-9]+$")] private static partial Regex PortNameCharsRegex();
    [GeneratedRegex("[a-z]")] private static partial Regex OneLetterRegex();

    /// <summary>Label and annotation keys: an optional DNS subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0) errors.Add("prefix part " + EmptyError);
                else errors.AddRange(IsDns1123Subdomain(prefix).Select(m => "prefix part " + m));
                break;
            default:
                return ["a qualified name " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc") +
                    " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        }
        if (name.Length == 0) errors.Add("name part " + EmptyError);
        else if (name.Length > QualifiedNameMaxLength) errors.Add("name part " + MaxLenError(QualifiedNameMaxLength));
        if (!QualifiedNameRegex().IsMatch(name))
            errors.Add("name part " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        return errors;
    }

    public static IReadOnlyList<string> IsValidLabelValue(string value)
    {
        var errors = new List<string>();
        if (value.Length > LabelValueMaxLength) errors.Add(MaxLenError(LabelValueMaxLength));
        if (!LabelValueRegex().IsMatch(value)) errors.Add(RegexError(LabelValueMessage, LabelValueFormat, "MyValue", "my_value", "12345"));
        return errors;
    }

    public static IReadOnlyList<string> IsDns1123Label(string value)
    {
        var errors = new List<string>();
        if (value.Length > Dns1123LabelMaxLength) errors.Add(MaxLenError(Dns1123LabelMaxLength));
        if (!Dns1123LabelRegex().IsMatch(value))
        {
            // A valid subdomain that is not a label can only be wrong because of its dots; saying so is clearer.
            if (Dns1123SubdomainRegex().IsMatch(value)) errors.Add("must not contain dots");
            else errors.Add(RegexError(Dns1123LabelMessage, Dns1123LabelFormat, "my-name", "123-abc"));
        }
        return errors;
    }

    public static IReadOnlyList<string> IsDns1123Subdomain(string value)
    {
        var errors = new List<string>();
        if (value.Length > Dns1123SubdomainMaxLength) errors.Add(MaxLenError(Dns1123SubdomainMaxLength));
        if (!Dns1123SubdomainRegex().IsMatch(value)) errors.Add(RegexError(Dns1123SubdomainMessage, Dns1123SubdomainFormat, "example.com"));
        return errors;
    }

    public static IReadOnlyList<string> IsDns1035Label(string value)
    {
        var errors = new List<string>();
        if (value.Length > Dns1035LabelMaxLength) errors.Add(MaxLenError(Dns1035LabelMaxLength));
        if (!Dns1035LabelRegex().IsMatch(value)) errors.Add(RegexError(Dns1035LabelMessage, Dns1035LabelFormat, "my-name", "abc-123"));
        return errors;
    }

    public static IReadOnlyList<string> IsWildcardDns1123Subdomain(string value)
    {
        var errors = new List<string>();
        if (value.Length > Dns1123SubdomainMaxLength) errors.Add(MaxLenError(Dns1123SubdomainMaxLength));
        if (!WildcardSubdomainRegex().IsMatch(value)) errors.Add(RegexError(WildcardSubdomainMessage, WildcardSubdomainFormat, "*.example.com"));
        return errors;
    }

    /// <summary>Keys of ConfigMap and Secret data: they become file names, so '.' and '..' are out.</summary>
    public static IReadOnlyList<string> IsConfigMapKey(string value)
    {
        var errors = new List<string>();
        if (value.Length > Dns1123SubdomainMaxLength) errors.Add(MaxLenError(Dns1123SubdomainMaxLength));
        if (!ConfigMapKeyRegex().IsMatch(value)) errors.Add(RegexError(ConfigMapKeyMessage, ConfigMapKeyFormat, "key.name", "KEY_NAME", "key-name"));
        errors.AddRange(HasChDirPrefix(value));
        return errors;
    }

    /// <summary>Environment variable names as current Kubernetes accepts them (any printable ASCII but '=').</summary>
    public static IReadOnlyList<string> IsEnvVarName(string value)
    {
        var errors = new List<string>();
        if (value.Length == 0) errors.Add("environment variable name " + EmptyError);
        foreach (var c in value)
        {
            if (c > 126 || c < 32 || c == '=')
            {
                errors.Add("a valid environment variable name must consist only of printable ASCII characters other than '='");
                break;
            }
        }
        return errors;
    }

    public static IReadOnlyList<string> IsValidPortNum(long port) =>
        port is >= 1 and <= 65535 ? [] : [InclusiveRangeError(1, 65535)];

    /// <summary>Named ports (IANA_SVC_NAME): at most 15 characters, lower case, at least one letter.</summary>
    public static IReadOnlyList<string> IsValidPortName(string port)
    {
        var errors = new List<string>();
        if (port.Length > 15) errors.Add(MaxLenError(15));
        if (!PortNameCharsRegex().IsMatch(port)) errors.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        if (!OneLetterRegex().IsMatch(port)) errors.Add("must contain at least one letter (a-z)");
        if (port.Contains("--", StringComparison.Ordinal)) errors.Add("must not contain consecutive hyphens");
        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-')) errors.Add("must not begin or end with a hyphen");
        return errors;
    }

    public static IReadOnlyList<string> IsValidIp(string value) =>
        IsIp(value) ? [] : ["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"];

    /// <summary>True for a plain IPv4 dotted quad or an IPv6 address (no zone, no brackets).</summary>
    public static bool IsIp(string value)
    {
        if (value.Length == 0 || value.Contains('%') || value.Contains('[')) return false;
        if (!IPAddress.TryParse(value, out var ip)) return false;
        // IPAddress.TryParse also takes "1" or "1.2" as IPv4; Kubernetes wants all four parts.
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || value.Count(c => c == '.') == 3;
    }

    public static IReadOnlyList<string> IsValidPercent(string value) =>
        PercentRegex().IsMatch(value) ? [] : [RegexError(PercentMessage, PercentFormat, "1%", "93%")];

    public static IReadOnlyList<string> IsHttpHeaderName(string value) =>
        HttpHeaderNameRegex().IsMatch(value) ? [] : [RegexError(HttpHeaderNameMessage, HttpHeaderNameFormat, "X-Header-Name")];

    /// <summary>Names that end up as one URL path segment (RBAC objects): no '/', no '%', not '.' or '..'.</summary>
    public static IReadOnlyList<string> IsValidPathSegmentName(string name)
    {
        if (name is "." or "..") return [$"may not be '{name}'"];
        var errors = new List<string>();
        if (name.Contains('/')) errors.Add("may not contain '/'");
        if (name.Contains('%')) errors.Add("may not contain '%'");
        return errors;
    }

    public const string EmptyError = "must be non-empty";

    public static string MaxLenError(int length) => $"must be no more than {length} characters";

    public static string InclusiveRangeError(long lo, long hi) => $"must be between {lo} and {hi}, inclusive";

    /// <summary>Kubernetes' wording for a value that fails a pattern, with examples (the double space after each comma is theirs).</summary>
    public static string RegexError(string message, string format, params string[] examples)
    {
        if (examples.Length == 0) return message + " (regex used for validation is '" + format + "')";
        var text = message + " (e.g. ";
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0) text += " or ";
            text += "'" + examples[i] + "', ";
        }
        return text + "regex used for validation is '" + format + "')";
    }

    private static IEnumerable<string> HasChDirPrefix(string value)
    {
        if (value == ".") yield return "must not be '.'";
        else if (value == "..") yield return "must not be '..'";
        else if (value.StartsWith("..", StringComparison.Ordinal)) yield return "must not start with '..'";
    }
}
