using System.Text.Json.Nodes;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Runtime;
using Obs.NodeAgent.Volumes;

namespace Obs.NodeAgent.Tests.Volumes;

public sealed class ClaimVolumeTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"obs-claims-{Guid.NewGuid():N}");

    private static JsonObject Volume(string source) => new() { ["metadata"] = new JsonObject { ["name"] = "pv" }, ["spec"] = JsonNode.Parse(source) };

    private static JsonObject Local(string path) => Volume(new JsonObject { ["local"] = new JsonObject { ["path"] = path } }.ToJsonString());

    [Fact]
    public void OnlyDirectoriesDirectlyInsideTheAgentsVolumeRootAreItsOwn()
    {
        var root = Path.Combine(_state, "volumes");
        Assert.True(ClaimVolume.IsOwn(Path.Combine(root, "pvc-1"), _state));
        Assert.False(ClaimVolume.IsOwn(root, _state));
        Assert.False(ClaimVolume.IsOwn(Path.Combine(root, "pvc-1", "nested"), _state));
        Assert.False(ClaimVolume.IsOwn(Path.Combine(root, "..", "pods"), _state));
        Assert.False(ClaimVolume.IsOwn(Path.Combine(root, "pvc-1", ".."), _state));
        Assert.False(ClaimVolume.IsOwn("/etc", _state));
    }

    [Fact]
    public void ALocalPathVolumesDirectoryIsMadeOnFirstUse()
    {
        var path = Path.Combine(_state, "volumes", "pvc-1");

        Assert.Equal(path, ClaimVolume.Directory(Local(path), _state));
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void ALocalVolumeElsewhereMustAlreadyExist()
    {
        var elsewhere = Path.Combine(_state, "elsewhere");

        var error = Assert.Throws<EnvironmentException>(() => ClaimVolume.Directory(Local(elsewhere), _state));
        Assert.Equal(ContainerStateWaiting.ContainerCreating, error.Reason);
        Assert.False(Directory.Exists(elsewhere));
    }

    [Fact]
    public void AVolumeTheProcessRuntimeCannotMountIsAConfigurationError()
    {
        var error = Assert.Throws<EnvironmentException>(() => ClaimVolume.Directory(Volume("""{"nfs":{"server":"nas","path":"/export"}}"""), _state));
        Assert.Equal(ContainerStateWaiting.CreateContainerConfigError, error.Reason);
    }

    public void Dispose()
    {
        try { Directory.Delete(_state, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
