using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Obs.ApiServer.Http;

/// <summary>The query parameters of list, watch and write requests. Unknown parameters (kubectl's <c>timeout</c>) are ignored.</summary>
public sealed record QueryOptions
{
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }
    public string? ResourceVersion { get; init; }
    public string? ResourceVersionMatch { get; init; }
    public int? Limit { get; init; }
    public string? Continue { get; init; }
    public bool Watch { get; init; }
    public int? TimeoutSeconds { get; init; }
    public bool AllowWatchBookmarks { get; init; }
    public bool? SendInitialEvents { get; init; }
    public bool DryRun { get; init; }
    public string? FieldManager { get; init; }
    public string FieldValidation { get; init; } = "Warn";
    public bool Force { get; init; }
    public string? IncludeObject { get; init; }
    public string? PropagationPolicy { get; init; }
    public long? GracePeriodSeconds { get; init; }

    public static QueryOptions From(IQueryCollection query)
    {
        string? One(string name) => query.TryGetValue(name, out var v) && v.Count > 0 ? v[^1] : null;
        return new QueryOptions
        {
            LabelSelector = One("labelSelector"),
            FieldSelector = One("fieldSelector"),
            ResourceVersion = One("resourceVersion"),
            ResourceVersionMatch = One("resourceVersionMatch"),
            Limit = Int("limit", One("limit")) is > 0 and var l ? (int)l : null,
            Continue = One("continue") is { Length: > 0 } c ? c : null,
            Watch = Bool("watch", One("watch")),
            TimeoutSeconds = Int("timeoutSeconds", One("timeoutSeconds")) is { } t ? (int)Math.Max(0, t) : null,
            AllowWatchBookmarks = Bool("allowWatchBookmarks", One("allowWatchBookmarks")),
            SendInitialEvents = One("sendInitialEvents") is { } s ? Bool("sendInitialEvents", s) : null,
            DryRun = DryRunValue(query),
            FieldManager = One("fieldManager"),
            FieldValidation = FieldValidationValue(One("fieldValidation")),
            Force = Bool("force", One("force")),
            IncludeObject = One("includeObject"),
            PropagationPolicy = One("propagationPolicy"),
            GracePeriodSeconds = Int("gracePeriodSeconds", One("gracePeriodSeconds")),
        };
    }

    private static bool DryRunValue(IQueryCollection query)
    {
        if (!query.TryGetValue("dryRun", out var values)) return false;
        foreach (var v in values)
        {
            if (v != "All") throw ApiErrors.BadRequest($"invalid dry run option: \"{v}\": supported values: \"All\"");
        }
        return values.Count > 0;
    }

    private static string FieldValidationValue(string? value) => value switch
    {
        null or "" => "Warn",
        "Strict" or "Warn" or "Ignore" => value,
        _ => throw ApiErrors.BadRequest($"fieldValidation must be one of Ignore, Warn or Strict, got \"{value}\""),
    };

    private static bool Bool(string name, string? value) => value switch
    {
        null or "" or "false" or "0" or "False" => false,
        "true" or "1" or "True" => true,
        _ => throw ApiErrors.BadRequest($"invalid value for {name}: \"{value}\" is not a boolean"),
    };

    private static long? Int(string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw ApiErrors.BadRequest($"invalid value for {name}: \"{value}\" is not an integer");
    }
}
