using System.Text.Json.Nodes;
using Obs.Api.Admission;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Registry;

/// <summary>
/// Kubernetes' Priority admission plugin: a new pod gets the priority of the PriorityClass it names, or
/// of the global default class, and is refused (403) for a class that does not exist; a PriorityClass
/// may not become a second global default; the system classes cannot be deleted.
/// <para>
/// Classes are read from the watch cache; a named class the cache does not hold yet is read from the
/// database, so a manifest that makes a class and then a pod using it is admitted. The one-default rule
/// is checked against the cache, so two classes made as defaults at the same moment can both be stored,
/// as in Kubernetes; pods then get the lower of the two (<see cref="PodPriority.GlobalDefault"/>).
/// </para>
/// </summary>
public sealed class PriorityAdmission(ObjectStore store, WatchCache cache)
{
    private static readonly ResourceType Classes = ResourceTypes.PriorityClass;

    /// <summary>Gives a pod about to be created its priority, or refuses it.</summary>
    public async Task AdmitPodAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        var name = pod.StringAt("spec", "priorityClassName");
        JsonObject? priorityClass;
        if (string.IsNullOrEmpty(name))
            priorityClass = PodPriority.GlobalDefault(DefaultClasses());
        else
        {
            priorityClass = await FindAsync(name, cancellationToken);
            if (priorityClass is null) throw ApiErrors.Forbidden(ResourceTypes.Pod, ObjectMeta.Name(pod), $"no PriorityClass with name {name} was found");
        }
        if (PodPriority.Admit(pod, priorityClass) is { } refusal) throw ApiErrors.Forbidden(ResourceTypes.Pod, ObjectMeta.Name(pod), refusal);
    }

    /// <summary>Refuses a class that would be a second global default (on create, or an update that makes it one).</summary>
    public void AdmitClass(JsonObject priorityClass)
    {
        if (priorityClass.BoolAt("globalDefault") != true) return;
        var name = ObjectMeta.Name(priorityClass);
        if (PodPriority.GlobalDefault(DefaultClasses().Where(c => ObjectMeta.Name(c) != name)) is { } existing)
            throw ApiErrors.Forbidden(Classes, name, $"PriorityClass {ObjectMeta.Name(existing)} is already marked as default. Only one default can exist");
    }

    /// <summary>The system classes stay: Kubernetes' registry refuses to delete them.</summary>
    public static void AdmitDelete(ResourceType type, string name)
    {
        if (type == Classes && SystemPriorityClasses.IsSystem(name))
            throw ApiErrors.Forbidden(Classes, name, "this is a system priority class and cannot be deleted");
    }

    /// <summary>
    /// The cached classes marked <c>globalDefault: true</c>, parsed. Every pod that names no class asks, so the others are
    /// passed over in their bytes: parsing each class for each such pod was a tenth of what a pod create allocated.
    /// </summary>
    private IEnumerable<JsonObject> DefaultClasses() =>
        cache.List(Classes.GroupResource, WatchFilter.Everything).Items
            .Where(c => JsonPathReader.RawValue(c.JsonWithoutFieldSets.Span, "globalDefault").SequenceEqual("true"u8))
            .Select(c => c.ToMutable());

    private async Task<JsonObject?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var key = ObjectRegistry.KeyOf(Classes, null, name);
        if (cache.Get(key) is { } cached) return cached.ToMutable();
        if (await store.GetAsync(key, cancellationToken) is { } stored) return ObjectRegistry.Materialize(stored);
        // The system classes exist from the start; before the apiserver has made them, their values are known.
        return SystemPriorityClasses.IsSystem(name) ? SystemPriorityClasses.Object(name) : null;
    }
}
