using Vimercate.Abstractions;

namespace Vimercate.Messaging;

/// <summary>Where the delivery statuses of one webhook go; the broadcast engine replaces the default.</summary>
public interface IDeliveryStatusSink
{
    /// <summary>Takes every status of one webhook payload; returns once they are durably accounted for.</summary>
    Task AcceptAsync(IReadOnlyList<DeliveryStatusUpdate> updates);
}
