using Vimercate.Abstractions;

namespace Vimercate.Api.Webhook;

/// <summary>What one webhook body asks the service to do: the citizens' messages and the delivery statuses, in payload order.</summary>
internal sealed record WebhookPayload(IReadOnlyList<InboundMessage> Messages, IReadOnlyList<DeliveryStatusUpdate> Statuses)
{
    /// <summary>Nothing to do.</summary>
    public static WebhookPayload Empty { get; } = new([], []);
}
