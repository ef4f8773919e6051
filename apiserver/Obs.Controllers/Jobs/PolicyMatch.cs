namespace Obs.Controllers.Jobs;

/// <summary>A pod failure policy rule that matched a failed pod: its action and, for the Job's condition, why.</summary>
internal sealed record PolicyMatch(string Action, string Message);
