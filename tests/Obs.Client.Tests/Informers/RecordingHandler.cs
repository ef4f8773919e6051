using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Client.Informers;

namespace Obs.Client.Tests.Informers;

/// <summary>Records each event as <c>add:name</c>, <c>update:name</c> or <c>delete:name</c>.</summary>
internal sealed class RecordingHandler : IInformerHandler
{
    public ConcurrentQueue<string> Events { get; } = new();

    public bool Saw(string e) => Events.Contains(e);

    public void OnAdd(JsonObject obj) => Events.Enqueue("add:" + ObjectMeta.Name(obj));

    public void OnUpdate(JsonObject oldObj, JsonObject newObj) =>
        Events.Enqueue((ReferenceEquals(oldObj, newObj) ? "resync:" : "update:") + ObjectMeta.Name(newObj));

    public void OnDelete(JsonObject obj) => Events.Enqueue("delete:" + ObjectMeta.Name(obj));
}
