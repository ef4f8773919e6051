using System.Text.Json.Nodes;

namespace Obs.Client.Informers;

/// <summary>An <see cref="IInformerHandler"/> from delegates; any may be left out.</summary>
public sealed class InformerHandler(
    Action<JsonObject>? onAdd = null,
    Action<JsonObject, JsonObject>? onUpdate = null,
    Action<JsonObject>? onDelete = null) : InformerHandler<JsonObject>(onAdd, onUpdate, onDelete), IInformerHandler
{
    /// <summary>The usual controller wiring: every add, update and delete enqueues the object's key.</summary>
    public static InformerHandler Enqueue(Action<string> enqueue) => new(
        obj => enqueue(ObjectKeys.KeyOf(obj)),
        (_, obj) => enqueue(ObjectKeys.KeyOf(obj)),
        obj => enqueue(ObjectKeys.KeyOf(obj)));
}
