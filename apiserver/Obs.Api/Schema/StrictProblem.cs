namespace Obs.Api.Schema;

/// <summary>One thing strict decoding found, at a path like <c>spec.template.spec.containers[0].image</c>.</summary>
public sealed record StrictProblem(StrictProblemKind Kind, string Path, string Message);
