namespace Vimercate.Abstractions;

/// <summary>One citizen's number (key: E.164 digits): the owner of its consent.</summary>
public interface ISubscriberGrain : IGrainWithStringKey
{
    /// <summary>Handles one inbound message; returns once every durable step is done.</summary>
    Task<InboundOutcome> HandleAsync(InboundMessage message);

    /// <summary>The number's state and consent history.</summary>
    Task<SubscriberView> GetAsync();
}
