namespace Obs.Controllers.Hosting;

/// <summary>A controller the <see cref="ControllerManager"/> runs once its informers have synced.</summary>
public interface IController
{
    string Name { get; }

    /// <summary>Runs <paramref name="workers"/> workers until cancelled.</summary>
    Task RunAsync(int workers, CancellationToken cancellationToken);
}
