namespace Obs.Controllers.Tests.Hosting;

/// <summary>A clock that stands still at <see cref="Stores.Now"/> unless moved.</summary>
internal sealed class ManualTime : TimeProvider
{
    public DateTimeOffset Now { get; set; } = Stores.Now;

    public override DateTimeOffset GetUtcNow() => Now;
}
