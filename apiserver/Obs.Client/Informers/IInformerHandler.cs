using System.Text.Json.Nodes;

namespace Obs.Client.Informers;

/// <summary>The handler of an <see cref="Informer"/>, which keeps objects as JSON.</summary>
public interface IInformerHandler : IInformerHandler<JsonObject>;
