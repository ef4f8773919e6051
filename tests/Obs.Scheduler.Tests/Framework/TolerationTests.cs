using Obs.Api.Objects;
using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Tests.Framework;

public sealed class TolerationTests
{
    private static readonly Taint Gpu = new("gpu", "true", WellKnownTaints.NoSchedule);

    [Theory]
    [InlineData("gpu", "Equal", "true", "NoSchedule", true)]
    [InlineData("gpu", "Equal", "true", "", true)]
    [InlineData("gpu", "Equal", "false", "NoSchedule", false)]
    [InlineData("gpu", "Exists", "", "NoSchedule", true)]
    [InlineData("gpu", "Exists", "", "NoExecute", false)]
    [InlineData("", "Exists", "", "", true)]
    [InlineData("", "Equal", "", "", false)]
    [InlineData("other", "Exists", "", "", false)]
    public void MatchesTaintsAsKubernetesDoes(string key, string op, string value, string effect, bool tolerates) =>
        Assert.Equal(tolerates, new Toleration(key, op, value, effect).Tolerates(Gpu));
}
