namespace Obs.NodeAgent.Eviction;

/// <summary>Where the eviction manager reads the machine's signals; the real machine in the agent, something else where a test needs it.</summary>
public interface ISignalSource
{
    IReadOnlyDictionary<EvictionSignal, SignalObservation> Observe();
}
