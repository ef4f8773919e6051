namespace Obs.Dashboard.Pages.Events;

/// <summary>One page of matching events, newest first, and where it stands among all that match.</summary>
public sealed record EventPage(IReadOnlyList<EventRow> Items, int Total, int Page, int Pages);
