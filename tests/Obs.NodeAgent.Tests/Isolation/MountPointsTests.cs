using Obs.NodeAgent.Isolation;

namespace Obs.NodeAgent.Tests.Isolation;

/// <summary>The mount points a pod's binds create on the host go with the pod, unless another pod still binds there or something was put in them.</summary>
public sealed class MountPointsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("obs-mountpoints-").FullName;

    private string Pods => Path.Combine(_root, "state", "pods");

    private string Pod(string uid) => Path.Combine(Pods, uid);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>What the bind does on the host: the mount point itself (the mount is only in the pod's namespace).</summary>
    private static void MakeMountPoint(string path, bool isDirectory)
    {
        if (isDirectory) Directory.CreateDirectory(path);
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "");
        }
    }

    [Fact]
    public void WhatTheBindCreatedGoesWhenThePodDoesAndWhatWasThereStays()
    {
        var existing = Path.Combine(_root, "var", "run");
        Directory.CreateDirectory(existing);
        var target = Path.Combine(existing, "secrets", "kubernetes.io", "serviceaccount");
        MountPoints.Record(Pod("a"), target, isDirectory: true);
        MakeMountPoint(target, isDirectory: true);

        MountPoints.Release(Pods, Pod("a"));

        Assert.False(Directory.Exists(Path.Combine(existing, "secrets")));
        Assert.True(Directory.Exists(existing));
        Assert.False(File.Exists(Path.Combine(Pod("a"), MountPoints.FileName)));
    }

    [Fact]
    public void AFileMountPointGoesToo()
    {
        var target = Path.Combine(_root, "etc", "app", "config.yaml");
        MountPoints.Record(Pod("a"), target, isDirectory: false);
        MakeMountPoint(target, isDirectory: false);

        MountPoints.Release(Pods, Pod("a"));

        Assert.False(Directory.Exists(Path.Combine(_root, "etc")));
    }

    [Fact]
    public void AMountPointAnotherPodStillBindsAtStays()
    {
        var target = Path.Combine(_root, "var", "run", "secrets", "kubernetes.io", "serviceaccount");
        MountPoints.Record(Pod("a"), target, isDirectory: true);
        MakeMountPoint(target, isDirectory: true);
        MountPoints.Record(Pod("b"), target, isDirectory: true);

        MountPoints.Release(Pods, Pod("a"));

        Assert.True(Directory.Exists(target), "removing it would have detached the other pod's mount");
        MountPoints.Release(Pods, Pod("b"));
        Assert.True(Directory.Exists(target), "the second pod did not create it, so it is not the second pod's to remove");
    }

    [Fact]
    public void AMountPointWithSomethingInItStays()
    {
        var target = Path.Combine(_root, "data", "cache");
        MountPoints.Record(Pod("a"), target, isDirectory: true);
        MakeMountPoint(target, isDirectory: true);
        File.WriteAllText(Path.Combine(target, "kept"), "written by someone on the host");

        MountPoints.Release(Pods, Pod("a"));

        Assert.True(File.Exists(Path.Combine(target, "kept")));
    }
}
