namespace Obs.Client.Informers;

/// <summary>An <see cref="IInformerHandler{T}"/> from delegates; any may be left out.</summary>
public class InformerHandler<T>(Action<T>? onAdd = null, Action<T, T>? onUpdate = null, Action<T>? onDelete = null) : IInformerHandler<T>
{
    public void OnAdd(T obj) => onAdd?.Invoke(obj);

    public void OnUpdate(T oldObj, T newObj) => onUpdate?.Invoke(oldObj, newObj);

    public void OnDelete(T obj) => onDelete?.Invoke(obj);
}
