namespace Obs.ApiServer.Webhooks;

/// <summary>A webhook that could not be called or gave no usable answer: its failurePolicy decides what the write does.</summary>
public sealed class WebhookCallException(string message, Exception? inner = null) : Exception(message, inner);
