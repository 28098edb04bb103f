namespace Vimercate.Api.Webhook;

/// <summary>At least one inbound message could not be handled now; the sender of the payload should retry it.</summary>
public sealed class InboundProcessingException(string message) : Exception(message);
