namespace Obs.Controllers.Disruption;

/// <summary>A budget whose status cannot be worked out; it is written as allowing no disruption, with the reason.</summary>
internal sealed class BudgetSyncException(string message) : Exception(message);
