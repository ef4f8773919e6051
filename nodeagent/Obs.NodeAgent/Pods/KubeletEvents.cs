namespace Obs.NodeAgent.Pods;

/// <summary>
/// The kubelet's reasons and words for the events of a container's way to running, so that
/// <c>kubectl describe pod</c> reads as it does on Kubernetes: Pulled, Created, Started, or Failed
/// with the error.
/// </summary>
internal static class KubeletEvents
{
    /// <summary>The events' source component, as the kubelet's recorder names itself.</summary>
    public const string Component = "kubelet";

    public const string Pulled = "Pulled";
    public const string Created = "Created";
    public const string Started = "Started";
    public const string Failed = "Failed";

    /// <summary>
    /// What the kubelet says when it finds the image on the machine and pulls nothing. The process runtime
    /// reads no image and never pulls one, whatever imagePullPolicy says: this is what is true of every image here.
    /// </summary>
    public static string ImagePresent(string image) => $"Container image {GoQuote(image)} already present on machine";

    public static string CreatedContainer(string container) => $"Created container {container}";

    public static string StartedContainer(string container) => $"Started container {container}";

    /// <summary>A container that could not be created or started: the kubelet puts the runtime's error after "Error: ".</summary>
    public static string Error(string message) => $"Error: {message}";

    /// <summary>Go's %q for the characters an image reference may hold: quotes around, backslash and quote escaped.</summary>
    private static string GoQuote(string text) => $"\"{text.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
}
