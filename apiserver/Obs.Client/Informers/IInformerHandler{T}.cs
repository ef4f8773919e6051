namespace Obs.Client.Informers;

/// <summary>
/// What an informer tells about changes, in the form its store keeps objects (<typeparamref name="T"/>).
/// Handlers run on the informer's loop: they should only compute a key and enqueue it, never call the apiserver.
/// </summary>
public interface IInformerHandler<in T>
{
    void OnAdd(T obj);

    /// <summary>Also called with two equal objects on a resync, and for every object on a re-list.</summary>
    void OnUpdate(T oldObj, T newObj);

    /// <summary>The last state seen; after a re-list that missed the delete, the state before it.</summary>
    void OnDelete(T obj);
}
