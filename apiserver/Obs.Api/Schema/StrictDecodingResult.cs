namespace Obs.Api.Schema;

/// <summary>
/// What <see cref="StrictDecoder"/> found in a request body, with the messages Kubernetes
/// answers with: wrong types are a 400 (<see cref="TypeErrorMessage"/>) under every field
/// validation; unknown and duplicate fields are a 400 under <c>Strict</c>
/// (<see cref="StrictErrorMessage"/>) and warnings under <c>Warn</c> (<see cref="Warnings"/>).
/// </summary>
public sealed class StrictDecodingResult
{
    internal StrictDecodingResult(IReadOnlyList<StrictProblem> problems) => Problems = problems;

    public IReadOnlyList<StrictProblem> Problems { get; }

    public bool IsClean => Problems.Count == 0;

    public bool HasTypeErrors => Problems.Any(p => p.Kind == StrictProblemKind.WrongType);

    public bool HasStrictErrors => Problems.Any(p => p.Kind != StrictProblemKind.WrongType);

    /// <summary>The first wrong type, as Go's encoding/json words it; null when every value has the right type.</summary>
    public string? TypeErrorMessage => Problems.FirstOrDefault(p => p.Kind == StrictProblemKind.WrongType)?.Message;

    /// <summary><c>strict decoding error: unknown field "spec.foo", duplicate field "metadata.name"</c>; null when none.</summary>
    public string? StrictErrorMessage => HasStrictErrors ? "strict decoding error: " + string.Join(", ", Warnings) : null;

    /// <summary>One warning per unknown or duplicate field, as <c>fieldValidation=Warn</c> reports them.</summary>
    public IReadOnlyList<string> Warnings =>
        Problems.Where(p => p.Kind != StrictProblemKind.WrongType).Select(p => p.Message).ToList();

    /// <summary>
    /// The whole 400 message for a type error, e.g. <c>Deployment in version "v1" cannot be handled as a
    /// Deployment: json: cannot unmarshal ...</c>; null when there is none.
    /// </summary>
    public string? CannotBeHandledMessage(string kind, string version) =>
        TypeErrorMessage is { } m ? $"{kind} in version \"{version}\" cannot be handled as a {kind}: {m}" : null;
}
