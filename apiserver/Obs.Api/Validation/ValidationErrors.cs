using Obs.Api.Errors;

namespace Obs.Api.Validation;

/// <summary>Errors Kubernetes has a kind for that <see cref="FieldError"/> does not (yet).</summary>
internal static class ValidationErrors
{
    /// <summary>
    /// Kubernetes reports a reference to something missing (a volume mount naming no volume) as
    /// <c>Not found</c>; until FieldError has that type this is an Invalid error saying so.
    /// </summary>
    public static FieldError NotFound(string path, string value) => FieldError.NotFound(path, value);
}
