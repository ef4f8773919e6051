using Obs.Api.Errors;

namespace Obs.ApiServer.Http;

/// <summary>
/// The rules Kubernetes checks on a LIST's options before reading (ValidateListOptions): a
/// <c>resourceVersionMatch</c> needs a <c>resourceVersion</c>, goes with no <c>continue</c>, is Exact or
/// NotOlderThan, and Exact cannot ask for "0". Broken, they are a 422 on ListOptions naming the field,
/// as kubectl and client-go expect, instead of being ignored.
/// </summary>
internal static class ListOptionsValidation
{
    public const string Exact = "Exact";
    public const string NotOlderThan = "NotOlderThan";

    public static void Check(QueryOptions query)
    {
        if (string.IsNullOrEmpty(query.ResourceVersionMatch)) return;
        var match = query.ResourceVersionMatch;
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(query.ResourceVersion))
            errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
        if (query.Continue is not null)
            errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
        if (match is not (Exact or NotOlderThan))
            errors.Add(FieldError.NotSupported("resourceVersionMatch", match, [Exact, NotOlderThan, ""]));
        if (match == Exact && query.ResourceVersion == "0")
            errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
        if (errors.Count > 0) throw ApiErrors.InvalidOptions("ListOptions", errors);
    }
}
