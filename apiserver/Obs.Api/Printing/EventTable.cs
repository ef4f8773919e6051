namespace Obs.Api.Printing;

/// <summary>
/// <c>kubectl get events</c> (core/v1 Event): LAST SEEN, TYPE, REASON, OBJECT (<c>pod/web-1</c>), MESSAGE;
/// wide adds SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME. Events written through the newer events API
/// carry eventTime and series instead of the timestamps and count; both are read.
/// </summary>
internal static class EventTable
{
    public static readonly TableColumn[] Columns =
    [
        CommonColumns.Text("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
        CommonColumns.Text("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
        CommonColumns.Text("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        CommonColumns.Text("Object", "The object that this event is about."),
        CommonColumns.Text("Subobject", "The part of the object the event is about, such as a container (fieldPath).", 1),
        CommonColumns.Text("Source", "The component reporting this event.", 1),
        CommonColumns.Text("Message", "A human-readable description of the status of this operation."),
        CommonColumns.Text("First Seen", "The time at which the event was first recorded.", 1),
        CommonColumns.Text("Count", "The number of times this event has occurred.", 1),
        new("Name", "string", "name", "Name must be unique within a namespace; it identifies the object and cannot be updated.", 1),
    ];

}
