namespace Vimercate.Abstractions;

/// <summary>One citizen's number (key: E.164 digits): the owner of its consent.</summary>
[Alias("vimercate.ISubscriberGrain")]
public interface ISubscriberGrain : IGrainWithStringKey
{
    /// <summary>Handles one inbound message; returns once every durable step is done.</summary>
    Task<InboundOutcome> HandleAsync(InboundMessage message);

    /// <summary>The number's state and consent history.</summary>
    Task<SubscriberView> GetAsync();

    /// <summary>Everything held about the number: its state, if any, and its archived consent history, if any (GDPR access).</summary>
    Task<SubscriberExport> ExportAsync();

    /// <summary>Removes the number from the audience, drops its pending replies, archives its consent history under its keyed hash and clears its state (GDPR erasure); idempotent.</summary>
    Task<ErasureOutcome> EraseAsync(string requestedBy);
}
