namespace Obs.Api.Printing;

/// <summary>Columns many resources share.</summary>
internal static class CommonColumns
{
    public static readonly TableColumn Name = new("Name", "string", "name",
        "Name must be unique within a namespace; it identifies the object and cannot be updated.");

    public static readonly TableColumn Age = new("Age", "string", "",
        "CreationTimestamp is when the server created the object, shown as the time since then.");

    public static readonly TableColumn Containers = new("Containers", "string", "", "Names of each container in the template.", 1);

    public static readonly TableColumn Images = new("Images", "string", "", "Images referenced by each container in the template.", 1);

    public static TableColumn Selector(string description) => new("Selector", "string", "", description, 1);

    public static TableColumn Text(string name, string description, int priority = 0) => new(name, "string", "", description, priority);

    public static TableColumn Integer(string name, string description, int priority = 0) => new(name, "integer", "", description, priority);
}
