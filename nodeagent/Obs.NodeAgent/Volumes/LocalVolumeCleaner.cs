using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Client.Rest;

namespace Obs.NodeAgent.Volumes;

/// <summary>
/// The node half of the local-path provisioner's Delete policy: a provisioned local volume of this
/// node that is being deleted keeps the cleanup finalizer until its directory is gone; this removes
/// the directory (only ever the one named after the volume, directly inside this agent's own local-path
/// root) and then the finalizer.
/// </summary>
public sealed class LocalVolumeCleaner
{
    private readonly ApiClient _client;
    private readonly string _nodeName;
    private readonly string _stateDirectory;
    private readonly ILogger _logger;
    private readonly Channel<string> _pending = Channel.CreateUnbounded<string>();

    public LocalVolumeCleaner(ApiClient client, string nodeName, string stateDirectory, ILogger logger)
    {
        _client = client;
        _nodeName = nodeName;
        _stateDirectory = stateDirectory;
        _logger = logger;
        // Its own informer, run by RunAsync: the factory's informers are started by whoever starts them.
        Volumes = new Informer(client, ResourceTypes.PersistentVolume, null, logger);
        Volumes.AddHandler(new InformerHandler(Offer, (_, volume) => Offer(volume), null));
    }

    public Informer Volumes { get; }

    private void Offer(JsonObject volume)
    {
        if (IsMine(volume)) _pending.Writer.TryWrite(ObjectMeta.Name(volume)!);
    }

    /// <summary>Being deleted, held by the cleanup finalizer, and placed on this node by its node affinity.</summary>
    private bool IsMine(JsonObject volume) =>
        ObjectMeta.DeletionTimestamp(volume) is not null &&
        ObjectMeta.Finalizers(volume).Contains(StorageAnnotations.LocalPathCleanupFinalizer) &&
        (volume.At("spec", "nodeAffinity", "required", "nodeSelectorTerms") as JsonArray ?? []).OfType<JsonObject>()
            .SelectMany(t => t["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(e => e.StringAt("key") == StorageAnnotations.HostnameLabel && e.StringAt("operator") == "In" && (e["values"] as JsonArray ?? []).Any(v => v?.GetValue<string>() == _nodeName));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var informer = Task.Run(() => Volumes.RunAsync(cancellationToken), CancellationToken.None);
        try
        {
            await foreach (var name in _pending.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await CleanAsync(name, cancellationToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ApiException)
                {
                    _logger.LogWarning("local volume {Volume} not cleaned up yet: {Error}", name, e.Message);
                    _ = RetryLaterAsync(name, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        await informer;
    }

    private async Task RetryLaterAsync(string name, CancellationToken cancellationToken)
    {
        try { await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken); }
        catch (OperationCanceledException) { return; }
        _pending.Writer.TryWrite(name);
    }

    private async Task CleanAsync(string name, CancellationToken cancellationToken)
    {
        var volume = await _client.TryGetAsync(ResourceTypes.PersistentVolume, null, name, cancellationToken);
        if (volume is null || !IsMine(volume)) return;
        var path = volume.StringAt("spec", "local", "path");
        // Only the directory the provisioner named after this very volume: never another volume's, never anything else.
        if (path is not null && ClaimVolume.IsOwn(path, _stateDirectory) && Path.GetFileName(Path.GetFullPath(path)) == name)
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        else
        {
            // Not a directory this agent made: the object goes, whatever is at that path stays.
            _logger.LogWarning("local volume {Volume}: {Path} is outside this agent's volume directory and is left in place", name, path);
        }
        var copy = (JsonObject)volume.DeepClone();
        copy["metadata"]!["finalizers"] = new JsonArray(ObjectMeta.Finalizers(volume).Where(f => f != StorageAnnotations.LocalPathCleanupFinalizer).Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        try
        {
            await _client.UpdateAsync(ResourceTypes.PersistentVolume, copy, null, cancellationToken);
        }
        catch (ApiException e) when (e.IsConflict)
        {
            _pending.Writer.TryWrite(name);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
    }
}
